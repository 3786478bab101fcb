import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, SETTINGS_FIELDS } from '../../src/core/settings.js';
import { settingsModal } from '../../src/slack/blocks/settings-modal.js';
import { FIELD_BLOCK_IDS, readFormInput, toBlockErrors } from '../../src/slack/form-fields.js';

describe('modal block ids ↔ core fields', () => {
  it('maps every core field to the block ids listed in docs/slack.md, one to one', () => {
    expect(FIELD_BLOCK_IDS).toEqual({
      sipDomain: 'sip_domain',
      outboundProxy: 'outbound_proxy',
      secondaryProxy: 'secondary_proxy',
      recording: 'recording',
    });
    expect(Object.keys(FIELD_BLOCK_IDS).sort()).toEqual([...SETTINGS_FIELDS].sort());
  });

  it('the modal has an input block for each field, labelled as Xima labels it', () => {
    const modal = settingsModal({
      tenant: 't',
      values: { sipDomain: 'a:1', outboundProxy: 'b:2', secondaryProxy: '', recording: 'no' },
      errors: {},
      auth: { status: { state: 'not_authenticated' }, text: 'Not authenticated', details: [], authenticated: false },
      recordingLicensed: true,
      version: null,
    });
    const inputs = modal.blocks.filter((b) => b.type === 'input') as Array<{
      block_id: string;
      label: { text: string };
    }>;
    expect(inputs.map((b) => [b.block_id, b.label.text])).toEqual(
      SETTINGS_FIELDS.map((f) => [FIELD_BLOCK_IDS[f], FIELD_LABELS[f]]),
    );
  });

  it('reads the submitted state, including an empty optional field and the radio choice', () => {
    const input = readFormInput({
      sip_domain: { value: { value: 'sip.example.com:5060' } },
      outbound_proxy: { value: { value: 'p.example.com:5090' } },
      secondary_proxy: { value: { value: null } },
      recording: { value: { selected_option: { value: 'yes' } } },
    });
    expect(input).toEqual({
      sipDomain: 'sip.example.com:5060',
      outboundProxy: 'p.example.com:5090',
      secondaryProxy: undefined,
      recording: 'yes',
    });
    expect(readFormInput({})).toEqual({
      sipDomain: undefined,
      outboundProxy: undefined,
      secondaryProxy: undefined,
      recording: undefined,
    });
  });

  it('keys errors by block id', () => {
    expect(toBlockErrors({ sipDomain: 'bad', recording: 'license' })).toEqual({
      sip_domain: 'bad',
      recording: 'license',
    });
    expect(toBlockErrors({})).toEqual({});
  });
});
