// The list of migrations, in order. Astro bundles the server, so Kysely's
// FileMigrationProvider cannot find these files at run time; an explicit list
// works the same from `npm start`, the CLI scripts and the tests.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_help';
import * as m0003 from './0003_search';
import * as m0004 from './0004_tickets';
import * as m0005 from './0005_community';
import * as m0006 from './0006_search_repair';
import * as m0007 from './0007_comment_flags';
import * as m0008 from './0008_list_paging';
import * as m0009 from './0009_flag_networks';
import * as m0010 from './0010_email_verification';
import * as m0011 from './0011_site_settings';
import * as m0012 from './0012_ticket_conversations';
import * as m0013 from './0013_ticket_access_keys';
import * as m0014 from './0014_ticket_requester_email';
import * as m0015 from './0015_support_desk';
import * as m0016 from './0016_inbox_indexes';
import * as m0018 from './0018_ticket_rating_tokens';
import * as m0019 from './0019_contact_deflections';
import * as m0020 from './0020_staff_invitations';
import * as m0021 from './0021_email_channel';
import * as m0022 from './0022_secrets';
import * as m0024 from './0024_user_avatars';
import * as m0025 from './0025_known_issues';
import * as m0026 from './0026_report';
import * as m0027 from './0027_report_indexes';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_help': m0002,
  '0003_search': m0003,
  '0004_tickets': m0004,
  '0005_community': m0005,
  '0006_search_repair': m0006,
  '0007_comment_flags': m0007,
  '0008_list_paging': m0008,
  '0009_flag_networks': m0009,
  '0010_email_verification': m0010,
  '0011_site_settings': m0011,
  '0012_ticket_conversations': m0012,
  '0013_ticket_access_keys': m0013,
  '0014_ticket_requester_email': m0014,
  '0015_support_desk': m0015,
  '0016_inbox_indexes': m0016,
  '0018_ticket_rating_tokens': m0018,
  '0019_contact_deflections': m0019,
  '0020_staff_invitations': m0020,
  '0021_email_channel': m0021,
  '0022_secrets': m0022,
  '0024_user_avatars': m0024,
  '0025_known_issues': m0025,
  '0026_report': m0026,
  '0027_report_indexes': m0027,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
