import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';

/**
 * A link button opens the consent page in the browser by itself; Slack still sends the click and wants
 * an ack. The consent state is already bound to the admin who got the link, so there is nothing to check.
 */
export function authenticateClicked() {
  return async ({ ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
  };
}
