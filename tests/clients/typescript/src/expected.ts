// Expected answers computed from the stub's dataset (`stub-server --dump-fixtures`).
//
// The export operations answer only a task id, which the stub derives from the request and the
// records the export selects (DECISIONS.md, "Task ids"; crates/stub-data/src/ids.rs has the
// encoding). Deriving it here checks both the selection and what the client put on the wire.

import { createHash } from "node:crypto";

export interface WorkspaceUser {
  user_name: string;
  description: string;
  active_type: "USER_ACTIVATE" | "ADMIN_ACTIVATE";
  enterprise_project_id?: string;
}

export interface TencentAccount {
  name: string;
  first_time: string;
  login_time?: string;
  change_password_time: string;
  password_dua_time: string;
  password_lock_days: number;
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
  tencent_cwp: { hosts: { quuid: string; accounts: TencentAccount[] }[] };
  enos_app_portal: {
    orgs: { org_id: string; user_groups: { user_group_id: string; users: EnosUser[] }[] }[];
  };
  huawei_codearts_repo: {
    repository_groups: { group_id: number; member_groups: CodeArtsMember[] }[];
  };
}

/** SHA-256 over tagged values: `s` + byte length + UTF-8, `n` + u64, `-` for absent, `l` +
 * length before a list; lengths and numbers as little-endian u64. */
class Digest {
  private readonly hash = createHash("sha256");

  constructor(operation: string) {
    this.text(operation);
  }

  private u64(tag: string, value: number): void {
    const bytes = Buffer.alloc(9);
    bytes.write(tag, 0, "ascii");
    bytes.writeBigUInt64LE(BigInt(value), 1);
    this.hash.update(bytes);
  }

  text(value: string): void {
    const raw = Buffer.from(value, "utf8");
    this.u64("s", raw.length);
    this.hash.update(raw);
  }

  number(value: number): void {
    this.u64("n", value);
  }

  optional(value: string | undefined): void {
    if (value === undefined) this.hash.update("-");
    else this.text(value);
  }

  list(length: number): void {
    this.u64("l", length);
  }

  finish(): Buffer {
    return this.hash.digest();
  }
}

function uuidV8(digest: Buffer): string {
  const raw = Buffer.from(digest.subarray(0, 16));
  raw[6] = (raw[6]! & 0x0f) | 0x80;
  raw[8] = (raw[8]! & 0x3f) | 0x80;
  const hex = raw.toString("hex");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

function decimalBelow2To53(digest: Buffer): string {
  const first = digest.readBigUInt64BE(0);
  return (first % (2n ** 53n - 1n) + 1n).toString();
}

/** Code-point order, which is also UTF-8 byte order (what the stub sorts by). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
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
  language?: "zh_CN" | "en_US";
  enterprise_project_id?: string;
}

/** Task id of ExportUserGroupUsersNew and the user names it exports (DECISIONS.md, "Workspace
 * filters"). */
export function workspaceExport(
  dataset: Dataset,
  projectId: string,
  groupId: string,
  f: WorkspaceFilters = {},
): { taskId: string; users: string[] } {
  const group = workspaceGroup(dataset, projectId, groupId);
  const names = f.user_names?.length ? [...new Set(f.user_names)].sort(byCodePoint) : undefined;
  const name = f.user_name?.toLowerCase();
  const description = f.description?.toLowerCase();
  const users = group.users
    .filter(
      (u) =>
        (name === undefined || u.user_name.toLowerCase().includes(name)) &&
        (description === undefined || u.description.toLowerCase().includes(description)) &&
        (names === undefined || names.includes(u.user_name)) &&
        (f.active_type === undefined || u.active_type === f.active_type) &&
        (f.group_name === undefined || f.group_name === group.group_name) &&
        (f.enterprise_project_id === undefined || u.enterprise_project_id === f.enterprise_project_id),
    )
    .map((u) => u.user_name);

  const d = new Digest("huawei_workspace/ExportUserGroupUsersNew");
  d.text(projectId);
  d.text(groupId);
  d.optional(name);
  if (names === undefined) {
    d.optional(undefined);
  } else {
    d.list(names.length);
    names.forEach((n) => d.text(n));
  }
  d.optional(description);
  d.optional(f.active_type);
  d.optional(f.group_name);
  d.optional(f.language);
  d.optional(f.enterprise_project_id);
  d.list(users.length);
  users.forEach((u) => d.text(u));
  return { taskId: uuidV8(d.finish()), users };
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

/** Task id of ExportAssetUserList for a request with at most a Quuid, one exact `Name`
 * filter and a sort, and the [quuid, account name] pairs in export order (DECISIONS.md,
 * "Tencent filters"). */
export function tencentExport(
  dataset: Dataset,
  r: { quuid?: string; exactNames?: string[]; by?: SortBy; order?: "asc" | "desc" },
): { taskId: string; accounts: [string, string][] } {
  const names = r.exactNames ? [...new Set(r.exactNames)].sort(byCodePoint) : undefined;
  const rows: { quuid: string; account: TencentAccount }[] = [];
  for (const host of dataset.tencent_cwp.hosts) {
    if (r.quuid !== undefined && host.quuid !== r.quuid) continue;
    for (const account of host.accounts) {
      if (names === undefined || names.includes(account.name)) rows.push({ quuid: host.quuid, account });
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
  const d = new Digest("tencent_cwp/ExportAssetUserList");
  d.optional(r.quuid);
  if (names === undefined) {
    d.list(0);
  } else {
    d.list(1);
    d.text("Name");
    d.number(1);
    d.list(names.length);
    names.forEach((n) => d.text(n));
  }
  d.optional(r.by === undefined ? undefined : `${r.by} ${r.order ?? "asc"}`);
  d.list(rows.length);
  for (const row of rows) {
    d.text(row.quuid);
    d.text(row.account.name);
  }
  return { taskId: decimalBelow2To53(d.finish()), accounts: rows.map((row) => [row.quuid, row.account.name]) };
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
