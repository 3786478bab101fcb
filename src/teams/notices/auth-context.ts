import type { JsonValue } from '../../core/types.js';
import { TeamsAuthContextSchema, type TeamsAuthContext } from '../conversation-refs.js';

/** The Teams chat context of an OAuth state, or undefined when the sign-in started elsewhere (Slack). */
export function teamsAuthContext(context: JsonValue | undefined): TeamsAuthContext | undefined {
  const parsed = TeamsAuthContextSchema.safeParse(context);
  return parsed.success ? parsed.data : undefined;
}
