import type { Command } from '../Command.js';
import { aliasLogCommand } from './aliasLogCommand.js';
import { aliasRmCommand } from './aliasRmCommand.js';
import { aliasSetCommand } from './aliasSetCommand.js';
import { diffCommand } from './diffCommand.js';
import { eventsCommand } from './eventsCommand.js';
import { fsckCommand } from './fsckCommand.js';
import { gcCommand } from './gcCommand.js';
import { lineageCommand } from './lineageCommand.js';
import { linkCommand } from './linkCommand.js';
import { logCommand } from './logCommand.js';
import { operatorCommand } from './operatorCommand.js';
import { lsCommand } from './lsCommand.js';
import { pullCommand } from './pullCommand.js';
import { runFinishCommand } from './runFinishCommand.js';
import { runInitCommand } from './runInitCommand.js';
import { runListCommand } from './runListCommand.js';
import { runLogCommand } from './runLogCommand.js';
import { runShowCommand } from './runShowCommand.js';
import { retentionSetCommand } from './retentionSetCommand.js';
import { retentionShowCommand } from './retentionShowCommand.js';
import { serverCommand } from './serverCommand.js';
import { showCommand } from './showCommand.js';
import { webhookCreateCommand } from './webhookCreateCommand.js';
import { webhookDeliveriesCommand } from './webhookDeliveriesCommand.js';
import { webhookListCommand } from './webhookListCommand.js';
import { webhookRmCommand } from './webhookRmCommand.js';
import { webhookTestCommand } from './webhookTestCommand.js';
import { syncCommand } from './syncCommand.js';
import { loginCommand } from './loginCommand.js';
import { whoamiCommand } from './whoamiCommand.js';
import { teamCreateCommand } from './teamCreateCommand.js';
import { teamAddCommand } from './teamAddCommand.js';
import { teamRemoveCommand } from './teamRemoveCommand.js';
import { teamShowCommand } from './teamShowCommand.js';
import { userCreateCommand } from './userCreateCommand.js';
import { keyCreateCommand } from './keyCreateCommand.js';
import { keyListCommand } from './keyListCommand.js';
import { keyRevokeCommand } from './keyRevokeCommand.js';
import { modelCreateCommand } from './modelCreateCommand.js';
import { modelShowCommand } from './modelShowCommand.js';
import { modelListCommand } from './modelListCommand.js';
import { modelEditCardCommand } from './modelEditCardCommand.js';
import { modelTagCommand } from './modelTagCommand.js';
import { modelUntagCommand } from './modelUntagCommand.js';
import { modelHistoryCommand } from './modelHistoryCommand.js';
import { modelUnlinkCommand } from './modelUnlinkCommand.js';
import { modelDeleteCommand } from './modelDeleteCommand.js';
import { tagAddCommand } from './tagAddCommand.js';
import { tagRmCommand } from './tagRmCommand.js';
import { deleteCommand } from './deleteCommand.js';

export const allCommands: readonly Command[] = [
  serverCommand,
  logCommand,
  syncCommand,
  pullCommand,
  lsCommand,
  showCommand,
  diffCommand,
  aliasSetCommand,
  aliasRmCommand,
  aliasLogCommand,
  linkCommand,
  runInitCommand,
  runLogCommand,
  runFinishCommand,
  runShowCommand,
  runListCommand,
  lineageCommand,
  modelCreateCommand,
  modelShowCommand,
  modelListCommand,
  modelEditCardCommand,
  modelTagCommand,
  modelUntagCommand,
  modelHistoryCommand,
  modelUnlinkCommand,
  modelDeleteCommand,
  tagAddCommand,
  tagRmCommand,
  deleteCommand,
  fsckCommand,
  retentionSetCommand,
  retentionShowCommand,
  eventsCommand,
  gcCommand,
  webhookCreateCommand,
  webhookListCommand,
  webhookRmCommand,
  webhookDeliveriesCommand,
  webhookTestCommand,
  operatorCommand,
  loginCommand,
  whoamiCommand,
  teamCreateCommand,
  teamAddCommand,
  teamRemoveCommand,
  teamShowCommand,
  userCreateCommand,
  keyCreateCommand,
  keyListCommand,
  keyRevokeCommand,
];
