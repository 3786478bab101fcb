/*
 * Who is who in the playground. The page gets these from GET /demo/config.json and shapes its activities
 * as Teams does; the Teams ids are made up, in Teams' formats.
 */

import { EMULATOR_TENANT } from '../src/teams/identity.js';

/** The Azure AD tenant the page's activities name, as Teams would. */
export const DEMO_TENANT_ID = '5e1f0c2a-7d3b-4c8e-9a61-0d3e40c0de01';
/** Emulator mode files every activity under one tenant, whatever tenant it claims. */
export const DEMO_TENANT = EMULATOR_TENANT;

/** The Teams user at the keyboard: listed in TEAMS_ADMIN_USERS. */
export const DEMO_USER = {
  id: '29:1playground-ada-lovelace',
  name: 'Ada Lovelace',
  aadObjectId: 'ada10000-1111-4aaa-9bbb-00000000ada1',
};

export const DEMO_BOT = { id: '28:aco-connect-playground-bot', name: 'aco-connect' };

/** The personal chat with the bot. */
export const PERSONAL_CONVERSATION = `a:1playground-personal-${DEMO_USER.aadObjectId}`;

/** The team channel that becomes the admin channel. */
export const ADMIN_CHANNEL = {
  id: '19:aco-admins-playground@thread.tacv2',
  name: 'aco-admins',
  teamId: '19:contoso-it-playground@thread.tacv2',
  teamName: 'Contoso IT',
};
