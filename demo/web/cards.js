// Adaptive Cards through Microsoft's reference renderer (window.AdaptiveCards, from the npm package
// `adaptivecards`), with markdown-it as its markdown hook, styled after Teams' host config.
import markdownit from '/demo/vendor/markdown-it.mjs';

const md = markdownit({ html: false, linkify: false, breaks: true });

/** Text from the bot is rendered as Teams would: markdown, never raw HTML. */
export const renderMarkdown = (text) => md.render(text);

const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#ffffff',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5b5fc7', subtle: '#7f85f5' },
        good: { default: '#0e700e', subtle: '#107c10' },
        warning: { default: '#835b00', subtle: '#8a6116' },
        attention: { default: '#c4314b', subtle: '#b10e1c' },
      },
    },
    emphasis: {
      backgroundColor: '#f5f5f5',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' } },
    },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: { weight: 'bolder', size: 'default', wrap: true, maxWidth: 170 },
    value: { size: 'default', wrap: true },
    spacing: 10,
  },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { suffix: ' *' } }, errorMessage: { size: 'small' } },
};

let hostConfig;
let hooked = false;

function setUp() {
  const AC = window.AdaptiveCards;
  if (!AC) throw new Error('the Adaptive Cards renderer did not load');
  if (!hooked) {
    AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = md.render(text);
      result.didProcess = true;
    };
    hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
    hooked = true;
  }
  return AC;
}

/**
 * Renders a card. `onAction(action)` receives the renderer's action objects. The element carries
 * data-card-status="rendered", or "fallback" with the renderer's complaints (also logged as console errors)
 * when the renderer had to drop or replace anything.
 */
export function renderCard(json, onAction) {
  const AC = setUp();
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  card.onExecuteAction = onAction;
  const rendered = card.render();
  const host = document.createElement('div');
  host.className = 'card';
  if (!rendered || card.shouldFallback()) problems.push('the renderer fell back to the fallback text');
  if (rendered) host.appendChild(rendered);
  host.dataset.cardStatus = problems.length === 0 ? 'rendered' : 'fallback';
  if (problems.length > 0) {
    host.title = problems.join('\n');
    console.error('Adaptive Card not fully rendered:', problems.join('; '));
  }
  return host;
}

/** The card of an attachment list, if any. */
export function cardOf(attachments) {
  const a = (attachments ?? []).find((x) => x?.contentType === 'application/vnd.microsoft.card.adaptive');
  return a?.content;
}
