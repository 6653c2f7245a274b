export const checkCommand = { command: "check", describe: "placeholder", handler: () => {} } as never;
