//! Tencent Cloud CWP: which accounts an `ExportAssetUserList` task exports, in which order,
//! the request checks JSON Schema cannot express, and the task's state and file for
//! `ExportTasks`.

use std::cmp::Ordering;
use std::fmt;

use rust_xlsxwriter::XlsxError;
use vendor_api::tencent_cwp::{
    ExportAssetUserListRequest, ExportTasksStatus, Filter, FilterName, Order, SortBy, TcLanguage,
    codes,
};

use crate::fixture::{Dataset, OsType, TencentAccount, TencentHost};
use crate::headings;
use crate::ids::{self, Writer};
use crate::tasks::{TaskPhase, TaskPlan};
use crate::time;
use crate::xlsx::{self, Cell, Sheet};

/// Keeps Tencent task ids apart from other vendors' ids.
const ID_DOMAIN: &str = "tencent_cwp/ExportAssetUserList";

/// One exported account with the host it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedAccount {
    /// QUUID of the host.
    pub quuid: String,
    /// Operating system of the host.
    pub os_type: OsType,
    /// The account.
    pub account: TencentAccount,
}

/// What an export task writes: the selected accounts in export order, the task id and the
/// file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentExport {
    /// The selected accounts, sorted as the request asks.
    pub accounts: Vec<ExportedAccount>,
    /// The task id: URL-safe base64 that carries the task's plan (creation time, delay,
    /// retention, injected failure), the file's language, the sort order and which accounts
    /// are selected. See [`tencent_task`].
    pub task_id: String,
    /// Name of the file the task writes.
    pub file_name: String,
}

/// A filter value that passes the schema but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterProblem {
    /// A `LoginTimeStart`/`LoginTimeEnd` value is not a calendar date `YYYY-MM-DD` (the
    /// schema's `format: date` may not be asserted, and `2021-02-30` has the right shape).
    NotADate {
        /// Index of the filter in `Filters`.
        filter: usize,
        /// The filter's key.
        name: FilterName,
        /// The offending value.
        value: String,
    },
    /// The earliest `LoginTimeStart` is after the latest `LoginTimeEnd`, so the range is
    /// reversed and could select nothing.
    ReversedDateRange {
        /// The earliest start date.
        start: String,
        /// The latest end date.
        end: String,
    },
    /// A `Uid` or `Guid` value has only digits but does not fit an unsigned 64-bit integer.
    NotAnUnsigned64 {
        /// Index of the filter in `Filters`.
        filter: usize,
        /// The filter's key.
        name: FilterName,
        /// The offending value.
        value: String,
    },
}

impl FilterProblem {
    /// The Tencent error code the stub answers with: `InvalidParameter.DateRange` for the
    /// date problems (the code the vendor lists for time-range format errors),
    /// `InvalidParameterValue` for an out-of-range id.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotADate { .. } | Self::ReversedDateRange { .. } => codes::INVALID_DATE_RANGE,
            Self::NotAnUnsigned64 { .. } => codes::INVALID_PARAMETER_VALUE,
        }
    }
}

impl fmt::Display for FilterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotADate {
                filter,
                name,
                value,
            } => write!(
                f,
                "Filters.{filter} ({}): {value:?} is not a valid date in the form YYYY-MM-DD.",
                name.as_str()
            ),
            Self::ReversedDateRange { start, end } => {
                write!(f, "LoginTimeStart {start} is after LoginTimeEnd {end}.")
            }
            Self::NotAnUnsigned64 {
                filter,
                name,
                value,
            } => write!(
                f,
                "Filters.{filter} ({}): {value} is larger than 18446744073709551615.",
                name.as_str()
            ),
        }
    }
}

impl std::error::Error for FilterProblem {}

/// Checks what the request's JSON Schema cannot: login-time values are real calendar dates,
/// the login-time range is not reversed, and `Uid`/`Guid` values fit 64 bits. The stub calls
/// it after schema validation and answers a problem with [`FilterProblem::code`].
///
/// With several values in the login-time filters (values combine with OR), the range runs
/// from the earliest start to the latest end.
///
/// # Errors
///
/// The first problem found, in filter order; a reversed range is reported after every value
/// was checked.
pub fn validate_tencent_filters(req: &ExportAssetUserListRequest) -> Result<(), FilterProblem> {
    let mut start: Option<(i64, &str)> = None;
    let mut end: Option<(i64, &str)> = None;
    for (index, filter) in req.filters.iter().flatten().enumerate() {
        for value in &filter.values {
            match filter.name {
                FilterName::LoginTimeStart | FilterName::LoginTimeEnd => {
                    let Some(day) = time::parse_date(value) else {
                        return Err(FilterProblem::NotADate {
                            filter: index,
                            name: filter.name,
                            value: value.clone(),
                        });
                    };
                    if filter.name == FilterName::LoginTimeStart {
                        if start.is_none_or(|(earliest, _)| day < earliest) {
                            start = Some((day, value));
                        }
                    } else if end.is_none_or(|(latest, _)| day > latest) {
                        end = Some((day, value));
                    }
                }
                FilterName::Uid | FilterName::Guid
                    if !value.is_empty()
                        && value.bytes().all(|b| b.is_ascii_digit())
                        && value.parse::<u64>().is_err() =>
                {
                    return Err(FilterProblem::NotAnUnsigned64 {
                        filter: index,
                        name: filter.name,
                        value: value.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    if let (Some((first, start)), Some((last, end))) = (start, end)
        && first > last
    {
        return Err(FilterProblem::ReversedDateRange {
            start: start.to_owned(),
            end: end.to_owned(),
        });
    }
    Ok(())
}

/// A value of a numeric key as an integer; `None` (matching nothing) when it is not one.
fn integer(value: &str) -> Option<u64> {
    value.parse().ok()
}

fn flag(value: bool) -> u64 {
    u64::from(value)
}

/// Whether one account passes one filter: any of the values matches (OR).
fn passes(filter: &Filter, host: &TencentHost, account: &TencentAccount) -> bool {
    let login_day = account
        .login_time
        .as_deref()
        .and_then(time::parse_datetime)
        .map(time::day_of);
    filter.values.iter().any(|value| match filter.name {
        FilterName::Name if filter.exact_match == Some(true) => account.name == *value,
        FilterName::Name => account.name.contains(value.as_str()),
        FilterName::Uid => integer(value) == Some(account.uid),
        FilterName::Guid => integer(value) == Some(account.guid),
        // An account that never logged in has no login date to compare, and matches neither.
        FilterName::LoginTimeStart => {
            matches!((login_day, time::parse_date(value)), (Some(day), Some(start)) if day >= start)
        }
        FilterName::LoginTimeEnd => {
            matches!((login_day, time::parse_date(value)), (Some(day), Some(end)) if day <= end)
        }
        FilterName::LoginType => integer(value) == Some(u64::from(account.login_type)),
        FilterName::OsType => value.eq_ignore_ascii_case(host.os_type.as_str()),
        FilterName::Status => integer(value) == Some(u64::from(account.status)),
        FilterName::Type => integer(value) == Some(u64::from(account.account_type)),
        FilterName::IsDomain => integer(value) == Some(flag(account.is_domain)),
        FilterName::IsRoot => integer(value) == Some(flag(account.is_root)),
        FilterName::IsSudo => integer(value) == Some(flag(account.is_sudo)),
        FilterName::IsSshLogin => integer(value) == Some(flag(account.is_ssh_login)),
        FilterName::ShellLoginStatus => {
            integer(value) == Some(u64::from(account.shell_login_status))
        }
        FilterName::PasswordStatus => integer(value) == Some(u64::from(account.password_status)),
    })
}

/// Compares two accounts by the sort field, ascending. The times are all
/// `YYYY-MM-DD HH:MM:SS`, which orders as text; a missing login time sorts first.
fn compare(by: SortBy, a: &TencentAccount, b: &TencentAccount) -> Ordering {
    match by {
        SortBy::FirstTime => a.first_time.cmp(&b.first_time),
        SortBy::LoginTime => a.login_time.cmp(&b.login_time),
        SortBy::ChangePasswordTime => a.change_password_time.cmp(&b.change_password_time),
        SortBy::PasswordDuaTime => a.password_dua_time.cmp(&b.password_dua_time),
        SortBy::PasswordLockDays => a.password_lock_days.cmp(&b.password_lock_days),
    }
}

/// Every account with its host, in dataset order (hosts in order, then their accounts): an
/// account's position here is how task ids name it.
fn all_accounts(dataset: &Dataset) -> impl Iterator<Item = (&TencentHost, &TencentAccount)> {
    dataset
        .tencent_cwp
        .hosts
        .iter()
        .flat_map(|host| host.accounts.iter().map(move |account| (host, account)))
}

fn exported(host: &TencentHost, account: &TencentAccount) -> ExportedAccount {
    ExportedAccount {
        quuid: host.quuid.clone(),
        os_type: host.os_type,
        account: account.clone(),
    }
}

/// Sorts the accounts as `by` and `order` ask. `sort_by` is stable, and reversing the
/// comparison (rather than the sorted list) keeps equal accounts in dataset order for both
/// directions; without `by` the accounts stay in dataset order and `order` is ignored.
fn sort(accounts: &mut [ExportedAccount], by: Option<SortBy>, order: Option<Order>) {
    if let Some(by) = by {
        match order.unwrap_or(Order::Asc) {
            Order::Asc => accounts.sort_by(|a, b| compare(by, &a.account, &b.account)),
            Order::Desc => accounts.sort_by(|a, b| compare(by, &b.account, &a.account)),
        }
    }
}

const SORT_FIELDS: [SortBy; 5] = [
    SortBy::FirstTime,
    SortBy::LoginTime,
    SortBy::ChangePasswordTime,
    SortBy::PasswordDuaTime,
    SortBy::PasswordLockDays,
];

/// How the id writes the order: 0 dataset order, else 1 + the field's index, plus 0x80 for
/// descending.
fn sort_byte(by: Option<SortBy>, order: Option<Order>) -> u8 {
    match by {
        None => 0,
        Some(by) => {
            let index = SORT_FIELDS.iter().position(|f| *f == by).unwrap_or(0) as u8;
            let desc = if order == Some(Order::Desc) { 0x80 } else { 0 };
            (index + 1) | desc
        }
    }
}

fn sort_of(byte: u8) -> Option<(Option<SortBy>, Option<Order>)> {
    if byte == 0 {
        return Some((None, None));
    }
    let by = *SORT_FIELDS.get(usize::from(byte & 0x7f).checked_sub(1)?)?;
    let order = if byte & 0x80 != 0 {
        Order::Desc
    } else {
        Order::Asc
    };
    Some((Some(by), Some(order)))
}

/// The file name of a task created at `created_ms`:
/// `asset_users_YYYYMMDDTHHMMSSmmmZ.xlsx` (UTC).
fn file_name(created_ms: i64) -> String {
    format!("asset_users_{}.xlsx", time::compact_utc_millis(created_ms))
}

/// `ExportAssetUserList`: the accounts the request selects, in the order it asks for, and the
/// id of the export task that `plan` describes, whose file has headings in `language`
/// (Simplified Chinese when absent, as Tencent Cloud's default language).
///
/// - `Quuid` restricts the export to that host; an unknown QUUID selects nothing (the vendor
///   creates the task all the same).
/// - `Filters` combine with AND, the values of one filter with OR. `Name` matches a part of
///   the account name (case-sensitive) or, with `ExactMatch: true`, all of it. Numeric keys
///   compare as integers (`"01"` matches 1); a value that is not one matches nothing. `OsType`
///   ignores case. `LoginTimeStart`/`LoginTimeEnd` keep accounts whose last login date is on
///   or after / on or before the date. A filter without values matches nothing.
/// - `By` sorts (stably) by that field, ascending unless `Order` is `desc`; without `By` the
///   accounts stay in dataset order (hosts in order, then accounts) and `Order` is ignored.
///
/// Call [`validate_tencent_filters`] first: this function treats an unusable value as
/// matching nothing rather than failing.
pub fn tencent_export(
    dataset: &Dataset,
    req: &ExportAssetUserListRequest,
    language: Option<TcLanguage>,
    plan: &TaskPlan,
) -> TencentExport {
    let filters = req.filters.as_deref().unwrap_or_default();
    let positions: Vec<usize> = all_accounts(dataset)
        .enumerate()
        .filter(|(_, (host, account))| {
            req.quuid.as_ref().is_none_or(|quuid| *quuid == host.quuid)
                && filters.iter().all(|filter| passes(filter, host, account))
        })
        .map(|(position, _)| position)
        .collect();
    let total = all_accounts(dataset).count();
    let mut body = Writer::default();
    body.byte(u8::from(language == Some(TcLanguage::EnUs)));
    body.byte(sort_byte(req.by, req.order));
    body.selection(&positions, total);
    let task_id = ids::seal(ID_DOMAIN, plan, body);
    TencentExport {
        accounts: accounts_at(dataset, &positions, req.by, req.order),
        task_id,
        file_name: file_name(plan.created_ms),
    }
}

/// The accounts at `positions` (ascending), sorted as asked.
fn accounts_at(
    dataset: &Dataset,
    positions: &[usize],
    by: Option<SortBy>,
    order: Option<Order>,
) -> Vec<ExportedAccount> {
    let mut wanted = positions.iter().peekable();
    let mut accounts: Vec<ExportedAccount> = all_accounts(dataset)
        .enumerate()
        .filter(|(position, _)| wanted.next_if(|p| **p == *position).is_some())
        .map(|(_, (host, account))| exported(host, account))
        .collect();
    sort(&mut accounts, by, order);
    accounts
}

/// An export task read back from its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentTask {
    /// The id, as given.
    pub task_id: String,
    /// How the task runs.
    pub plan: TaskPlan,
    /// The file's language.
    pub language: TcLanguage,
    /// Name of the task's file.
    pub file_name: String,
    /// The exported accounts, in export order.
    pub accounts: Vec<ExportedAccount>,
}

/// The export task `task_id`, read from the id alone: `None` when the id is not one of the
/// stub's Tencent task ids (a typo, another vendor's id, an id made for another dataset).
pub fn tencent_task(dataset: &Dataset, task_id: &str) -> Option<TencentTask> {
    let mut buffer = Vec::new();
    let (plan, mut reader) = ids::unseal(ID_DOMAIN, task_id, &mut buffer)?;
    let language = match reader.byte()? {
        0 => TcLanguage::ZhCn,
        1 => TcLanguage::EnUs,
        _ => return None,
    };
    let (by, order) = sort_of(reader.byte()?)?;
    let positions = reader.selection(all_accounts(dataset).count())?;
    if !reader.is_empty() {
        return None;
    }
    Some(TencentTask {
        task_id: task_id.to_owned(),
        plan,
        language,
        file_name: file_name(plan.created_ms),
        accounts: accounts_at(dataset, &positions, by, order),
    })
}

impl TencentTask {
    /// The task's status at `now_ms`; `None` once its file has expired, when Tencent no longer
    /// knows the task.
    pub fn status(&self, now_ms: i64) -> Option<ExportTasksStatus> {
        match self.plan.phase(now_ms) {
            TaskPhase::Running => Some(ExportTasksStatus::Pending),
            TaskPhase::Succeeded => Some(ExportTasksStatus::Finished),
            TaskPhase::Failed => Some(ExportTasksStatus::Error),
            TaskPhase::Expired => None,
        }
    }

    /// The task's file: one sheet (`Accounts`, or `主机账号` in Chinese) with a bold heading
    /// row and one row per exported account, in export order: host QUUID, OS type, account
    /// name, UID and GID (as text, exact for all 64 bits), the codes of login type, status,
    /// account type, domain, root, sudo, SSH login, shell login and password status (as
    /// numbers, flags as 0/1), the first-seen, last-login, password-change and
    /// password-expiry times as the dataset has them (`YYYY-MM-DD HH:MM:SS`, empty for an
    /// account that never logged in), and the days until the account is locked.
    ///
    /// # Errors
    ///
    /// The workbook writer's error (the stub answers it as an internal error).
    pub fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let (name, title, headings) = headings::tencent(self.language);
        let flag = |value: bool| Cell::Number(f64::from(u8::from(value)));
        let code = |value: u8| Cell::Number(f64::from(value));
        let rows = self
            .accounts
            .iter()
            .map(|row| {
                let a = &row.account;
                vec![
                    Cell::Text(row.quuid.clone()),
                    Cell::Text(row.os_type.as_str().to_owned()),
                    Cell::Text(a.name.clone()),
                    Cell::Text(a.uid.to_string()),
                    Cell::Text(a.guid.to_string()),
                    code(a.login_type),
                    code(a.status),
                    code(a.account_type),
                    flag(a.is_domain),
                    flag(a.is_root),
                    flag(a.is_sudo),
                    flag(a.is_ssh_login),
                    code(a.shell_login_status),
                    code(a.password_status),
                    Cell::Text(a.first_time.clone()),
                    a.login_time.clone().map_or(Cell::Empty, Cell::Text),
                    Cell::Text(a.change_password_time.clone()),
                    Cell::Text(a.password_dua_time.clone()),
                    Cell::Number(f64::from(a.password_lock_days)),
                ]
            })
            .collect();
        xlsx::write(&Sheet {
            name,
            title,
            headings,
            rows,
            created_ms: self.plan.created_ms,
        })
    }
}
