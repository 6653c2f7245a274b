// Test helper: a scenario's `regions:` section for AWS region names, each region with 3 AZs named
// after it (us-east-1: use1-az1, use1-az2, use1-az3), as the tests of several regions write it.

/** The `regions:` section (no trailing newline) for these region names, the first the home region. */
export function regionsYaml(names: readonly string[]): string {
  const lines = names.flatMap((name) => {
    const [geo, dir, n] = name.split('-');
    const prefix = `${geo}${dir[0]}${n}`;
    return [`  - name: ${name}`, `    azs: [${[1, 2, 3].map((i) => `${prefix}-az${i}`).join(', ')}]`];
  });
  return ['regions:', ...lines].join('\n');
}
