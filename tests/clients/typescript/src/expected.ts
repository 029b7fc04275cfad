// Expected answers computed from the stub's dataset (`stub-server --dump-fixtures`) and the
// documents.
//
// The export operations answer only a task id, which carries the task but is opaque to a client
// (DECISIONS.md, "Task ids"). What an export selected is checked where a client sees it: in the
// workbook the task's file holds. The functions below say which records an export must select,
// in which order, and the rows DECISIONS.md ("Export files") promises for them; a list sent as
// `a,b` instead of repeated keys, or a filter dropped on the way, selects other records and so
// gives other rows.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { ROOT } from "./stub.js";

/** An export task id: URL-safe base64 without padding, 25 to 45 characters with the default
 * dataset (DECISIONS.md, "Task ids"; checked with some room). */
export const TASK_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Media type of the workbooks (the template and the export files), as the documents declare it. */
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The task delay of a stub started without --task-delay (DECISIONS.md, "--task-delay"). */
export const TASK_DELAY_MS = 500;

/** The time part of an export file's name, `yyyyMMddTHHmmssSSSZ` in UTC (DECISIONS.md, "Export
 * files"). */
export function fileTime(createdMs: number): string {
  // toISOString: 2026-02-10T08:00:00.500Z -> 20260210T080000500Z
  return new Date(createdMs).toISOString().replace(/[-:.]/g, "");
}

export interface WorkspaceUser {
  user_name: string;
  email: string;
  phone: string;
  description: string;
  active_type: "USER_ACTIVATE" | "ADMIN_ACTIVATE";
  enterprise_project_id?: string;
}

export interface TencentAccount {
  name: string;
  uid: number;
  guid: number;
  login_type: number;
  status: number;
  type: number;
  is_domain: boolean;
  is_root: boolean;
  is_sudo: boolean;
  is_ssh_login: boolean;
  shell_login_status: number;
  password_status: number;
  first_time: string;
  login_time?: string;
  change_password_time: string;
  password_dua_time: string;
  password_lock_days: number;
}

export interface TencentHost {
  quuid: string;
  os_type: string;
  accounts: TencentAccount[];
}

export interface EnosUser {
  userId: string;
  name: string;
  email: string;
  phone: string;
  phoneArea: string;
}

export interface CodeArtsMember {
  id: number;
  user_group_id: string;
  name: string;
  project_id: string | null;
  tenant_id: string;
  group_type: string | null;
  member_count: number;
  created_at: string;
  updated_at: string;
  description: string | null;
}

/** The parts of the fixture file (openapi/stub-fixtures.schema.json) the cases read. */
export interface Dataset {
  huawei_workspace: {
    projects: {
      project_id: string;
      user_groups: { group_id: string; group_name: string; users: WorkspaceUser[] }[];
    }[];
  };
  tencent_cwp: { hosts: TencentHost[] };
  enos_app_portal: {
    orgs: { org_id: string; user_groups: { user_group_id: string; users: EnosUser[] }[] }[];
  };
  huawei_codearts_repo: {
    repository_groups: { group_id: number; member_groups: CodeArtsMember[] }[];
  };
}

// --------------------------------------------------------------------------------------------
// Huawei Workspace

export function workspaceGroup(dataset: Dataset, projectId: string, groupId: string) {
  const project = dataset.huawei_workspace.projects.find((p) => p.project_id === projectId);
  const group = project?.user_groups.find((g) => g.group_id === groupId);
  if (!group) throw new Error(`the dataset has no Workspace group ${projectId}/${groupId}`);
  return group;
}

export interface WorkspaceFilters {
  user_name?: string;
  user_names?: string[];
  description?: string;
  active_type?: "USER_ACTIVATE" | "ADMIN_ACTIVATE";
  group_name?: string;
  enterprise_project_id?: string;
}

/** The users ExportUserGroupUsersNew exports, in group order (DECISIONS.md, "Workspace
 * filters": substring matches ignore case, `user_names` is a set, the others are exact;
 * `language` selects nothing). */
export function workspaceExport(
  dataset: Dataset,
  projectId: string,
  groupId: string,
  f: WorkspaceFilters = {},
): WorkspaceUser[] {
  const group = workspaceGroup(dataset, projectId, groupId);
  const names = f.user_names?.length ? new Set(f.user_names) : undefined;
  const name = f.user_name?.toLowerCase();
  const description = f.description?.toLowerCase();
  return group.users.filter(
    (u) =>
      (name === undefined || u.user_name.toLowerCase().includes(name)) &&
      (description === undefined || u.description.toLowerCase().includes(description)) &&
      (names === undefined || names.has(u.user_name)) &&
      (f.active_type === undefined || u.active_type === f.active_type) &&
      (f.group_name === undefined || f.group_name === group.group_name) &&
      (f.enterprise_project_id === undefined || u.enterprise_project_id === f.enterprise_project_id),
  );
}

/** Sheet name, title and headings of an export file. */
interface SheetHeads {
  sheet: string;
  title: string;
  headings: string[];
}

/** The export files' sheet names, titles and headings per vendor and language (DECISIONS.md,
 * "Export tasks"), from the one data file the Rust, Python and TypeScript suites share. */
const EXPORT_HEADINGS = JSON.parse(
  readFileSync(resolve(ROOT, "crates/stub-data/data/export-headings.json"), "utf8"),
) as Record<"huawei-workspace" | "tencent-cwp", Record<"en" | "zh", SheetHeads>>;

/** Sheet name and headings of a Workspace export file, by file language (DECISIONS.md,
 * "Export files (Workspace)"). */
export const WORKSPACE_SHEETS = {
  en_US: EXPORT_HEADINGS["huawei-workspace"].en,
  zh_CN: EXPORT_HEADINGS["huawei-workspace"].zh,
};

/** The rows of a Workspace export file for these users: user name, email, mobile phone,
 * description, activation type and enterprise project ID (empty when none), all text. */
export function workspaceRows(users: WorkspaceUser[]): string[][] {
  return users.map((u) => [
    u.user_name,
    u.email,
    u.phone,
    u.description,
    u.active_type,
    u.enterprise_project_id ?? "",
  ]);
}

// --------------------------------------------------------------------------------------------
// Tencent CWP

type SortBy = "FirstTime" | "LoginTime" | "ChangePasswordTime" | "PasswordDuaTime" | "PasswordLockDays";

const SORT_FIELD = {
  FirstTime: "first_time",
  LoginTime: "login_time",
  ChangePasswordTime: "change_password_time",
  PasswordDuaTime: "password_dua_time",
  PasswordLockDays: "password_lock_days",
} as const satisfies Record<SortBy, keyof TencentAccount>;

export interface ExportedAccount {
  host: TencentHost;
  account: TencentAccount;
}

/** The accounts ExportAssetUserList exports, in export order, for a request with at most a
 * Quuid, one exact `Name` filter and a sort (DECISIONS.md, "Tencent filters": stable sort,
 * ascending unless `desc`, dataset order without `By`, accounts that never logged in sort first
 * ascending). */
export function tencentExport(
  dataset: Dataset,
  r: { quuid?: string; exactNames?: string[]; by?: SortBy; order?: "asc" | "desc" },
): ExportedAccount[] {
  const names = r.exactNames ? new Set(r.exactNames) : undefined;
  const rows: ExportedAccount[] = [];
  for (const host of dataset.tencent_cwp.hosts) {
    if (r.quuid !== undefined && host.quuid !== r.quuid) continue;
    for (const account of host.accounts) {
      if (names === undefined || names.has(account.name)) rows.push({ host, account });
    }
  }
  if (r.by !== undefined) {
    const field = SORT_FIELD[r.by];
    const sign = r.order === "desc" ? -1 : 1;
    // Array.prototype.sort is stable; a missing value (never logged in) sorts first ascending.
    rows.sort((a, b) => {
      const x = a.account[field];
      const y = b.account[field];
      if (x === y) return 0;
      if (x === undefined) return -sign;
      if (y === undefined) return sign;
      return (x < y ? -1 : 1) * sign;
    });
  }
  return rows;
}

/** Sheet name and headings of a Tencent export file in English (`X-TC-Language: en-US`;
 * DECISIONS.md, "Export files (Tencent)"). */
export const TENCENT_SHEET_EN = EXPORT_HEADINGS["tencent-cwp"].en.sheet;
export const TENCENT_HEADINGS_EN = EXPORT_HEADINGS["tencent-cwp"].en.headings;

/** The rows of a Tencent export file for these accounts, as the cells' text: host QUUID, OS
 * type, name, UID and GID, the codes, the flags as 0/1, the four times (last login empty when
 * never) and the days until the account is locked. */
export function tencentRows(accounts: ExportedAccount[]): string[][] {
  const flag = (value: boolean): string => (value ? "1" : "0");
  return accounts.map(({ host, account: a }) => [
    host.quuid,
    host.os_type,
    a.name,
    String(a.uid),
    String(a.guid),
    String(a.login_type),
    String(a.status),
    String(a.type),
    flag(a.is_domain),
    flag(a.is_root),
    flag(a.is_sudo),
    flag(a.is_ssh_login),
    String(a.shell_login_status),
    String(a.password_status),
    a.first_time,
    a.login_time ?? "",
    a.change_password_time,
    a.password_dua_time,
    String(a.password_lock_days),
  ]);
}

// --------------------------------------------------------------------------------------------
// EnOS and CodeArts

export function enosGroupUsers(dataset: Dataset, orgId: string, userGroupId: string): EnosUser[] {
  const org = dataset.enos_app_portal.orgs.find((o) => o.org_id === orgId);
  const group = org?.user_groups.find((g) => g.user_group_id === userGroupId);
  if (!group) throw new Error(`the dataset has no EnOS group ${orgId}/${userGroupId}`);
  return group.users;
}

export function codeartsMembers(dataset: Dataset, groupId: number): CodeArtsMember[] {
  const group = dataset.huawei_codearts_repo.repository_groups.find((g) => g.group_id === groupId);
  if (!group) throw new Error(`the dataset has no CodeArts repository group ${groupId}`);
  return group.member_groups;
}

/** A valid repository group id that the dataset does not hold. */
export function codeartsUnusedGroupId(dataset: Dataset): number {
  const used = new Set(dataset.huawei_codearts_repo.repository_groups.map((g) => g.group_id));
  let candidate = 1;
  while (used.has(candidate)) candidate += 1;
  return candidate;
}
