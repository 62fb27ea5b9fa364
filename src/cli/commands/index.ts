// Every command the CLI knows, in --help order. Add a command: one file in this folder, one line here.
import type { CommandFactory } from '../command.js';
import { adminCommand } from './admin.js';
import { adoptCommand } from './adopt.js';
import { bundleCommand } from './bundle.js';
import { doctorCommand } from './doctor.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { sandboxCommand } from './sandbox.js';
import { setupCommand } from './setup.js';
import { syncCommand } from './sync.js';
import { keyCommand } from './key.js';
import { tokenCommand } from './token.js';
import { whoamiCommand } from './whoami.js';

export const commands: CommandFactory[] = [
  setupCommand,
  syncCommand,
  tokenCommand,
  loginCommand,
  logoutCommand,
  keyCommand,
  whoamiCommand,
  doctorCommand,
  adoptCommand,
  bundleCommand,
  adminCommand,
  sandboxCommand,
];
