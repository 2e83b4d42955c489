import type { Navigation } from '../../api/user-me.js';
import type { Column, View } from '../../output/printer.js';

type Item = Navigation['configuration'][string][number];

const itemText = (item: Item) => ('key' in item ? item.key : `${item.name} (${item.subItems.map((s) => s.key).join(', ')})`);

/** One row per section of the configuration, so people see the whole menu at a glance. */
export function navigationView(nav: Navigation | undefined): View<Navigation> {
  const sections: Column<Navigation>[] = Object.keys(nav?.configuration ?? {}).map((section) => ({
    header: section,
    value: (n) => n.configuration[section]?.map(itemText),
  }));
  return {
    columns: [
      { header: 'ID', value: (n) => n.id },
      { header: 'Name', value: (n) => n.name },
      ...sections,
    ],
    fields: ['id', 'name', 'configuration'],
  };
}
