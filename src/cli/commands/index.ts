// Every command the CLI knows, in --help order. Add a command: one file in this folder, one line here.
import type { CommandFactory } from '../command.js';
import { bundleCommand } from './bundle.js';
import { sandboxCommand } from './sandbox.js';
import { setupCommand } from './setup.js';
import { tokenCommand } from './token.js';

export const commands: CommandFactory[] = [setupCommand, tokenCommand, bundleCommand, sandboxCommand];
