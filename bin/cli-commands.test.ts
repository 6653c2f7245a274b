import { describe, expect, it } from 'vitest';
import { commandsFor } from './cli.ts';

const ALL = ['run', 'validate', 'list', 'check', 'sweep', 'swarm', 'merge', 'report', 'compare', 'fis'];

describe('which command modules the command line loads', () => {
  it('loads only the command named, wherever its options are', () => {
    expect(commandsFor(['run', 'x.yaml', '--seed', '3'])).toEqual(['run']);
    expect(commandsFor(['--no-color', 'sweep', 'x', '--seeds', '1..4'])).toEqual(['sweep']);
    expect(commandsFor(['check', '--help'])).toEqual(['check']);
  });

  it('loads none for a bare --version', () => {
    expect(commandsFor(['--version'])).toEqual([]);
  });

  it('loads every command for top-level help, no command, or a name that is not one', () => {
    expect(commandsFor(['--help'])).toEqual(ALL);
    expect(commandsFor([])).toEqual(ALL);
    expect(commandsFor(['rnu', 'x'])).toEqual(ALL);
    expect(commandsFor(['constructor'])).toEqual(ALL);
  });
});
