import { stringifyJson } from '../../exact-json.js';
import type { View } from '../../output/printer.js';

export interface SettingRow {
  key: string;
  value: unknown;
}

export const SETTING_VIEW: View<SettingRow> = {
  columns: [
    { header: 'Key', value: (s) => s.key },
    { header: 'Value', value: (s) => (typeof s.value === 'string' ? s.value : stringifyJson(s.value)) },
  ],
};

export const ORG_FLAG = ['--org <id>', 'organization (default: profile org, then the token\'s org)'] as const;
