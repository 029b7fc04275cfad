//! Tencent Cloud CWP: which accounts an `ExportAssetUserList` task exports, in which order,
//! and the request checks JSON Schema cannot express.

use std::cmp::Ordering;
use std::fmt;

use vendor_api::tencent_cwp::{
    ExportAssetUserListRequest, Filter, FilterName, Order, SortBy, codes,
};

use crate::fixture::{Dataset, OsType, TencentAccount, TencentHost};
use crate::ids::{Canonical, decimal_from_digest};
use crate::time;

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

/// What an export task would write: the selected accounts in export order, and the task id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentExport {
    /// The selected accounts, sorted as the request asks.
    pub accounts: Vec<ExportedAccount>,
    /// The task id: decimal digits, no leading zero, at most 2^53 − 1, derived from the
    /// normalized request and the selection, so the same request on the same dataset always
    /// gets the same id.
    pub task_id: String,
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

/// `ExportAssetUserList`: the accounts the request selects, in the order it asks for, and the
/// export task's id.
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
pub fn tencent_export(dataset: &Dataset, req: &ExportAssetUserListRequest) -> TencentExport {
    let filters = req.filters.as_deref().unwrap_or_default();
    let mut accounts: Vec<ExportedAccount> = dataset
        .tencent_cwp
        .hosts
        .iter()
        .filter(|host| req.quuid.as_ref().is_none_or(|quuid| *quuid == host.quuid))
        .flat_map(|host| {
            host.accounts
                .iter()
                .filter(|account| filters.iter().all(|filter| passes(filter, host, account)))
                .map(|account| ExportedAccount {
                    quuid: host.quuid.clone(),
                    os_type: host.os_type,
                    account: account.clone(),
                })
        })
        .collect();
    if let Some(by) = req.by {
        // `sort_by` is stable, and reversing the comparison (rather than the sorted list)
        // keeps equal accounts in dataset order for both directions.
        match req.order.unwrap_or(Order::Asc) {
            Order::Asc => accounts.sort_by(|a, b| compare(by, &a.account, &b.account)),
            Order::Desc => accounts.sort_by(|a, b| compare(by, &b.account, &a.account)),
        }
    }
    let task_id = task_id(req, &accounts);
    TencentExport { accounts, task_id }
}

/// A filter value in the one form that selects the same accounts.
fn normalized_value(name: FilterName, value: &str) -> String {
    match name {
        FilterName::OsType => value.to_ascii_lowercase(),
        FilterName::Name | FilterName::LoginTimeStart | FilterName::LoginTimeEnd => {
            value.to_owned()
        }
        // Numeric keys: "01" and "1" select the same accounts.
        _ => integer(value).map_or_else(|| value.to_owned(), |n| n.to_string()),
    }
}

fn task_id(req: &ExportAssetUserListRequest, accounts: &[ExportedAccount]) -> String {
    let mut c = Canonical::new("tencent_cwp/ExportAssetUserList");
    c.optional(req.quuid.as_deref());
    // Filters combine with AND and values with OR, so neither order matters: both are sorted.
    let mut filters: Vec<(String, bool, Vec<String>)> = req
        .filters
        .iter()
        .flatten()
        .map(|filter| {
            let mut values: Vec<String> = filter
                .values
                .iter()
                .map(|value| normalized_value(filter.name, value))
                .collect();
            values.sort_unstable();
            values.dedup();
            // ExactMatch only changes how `Name` matches.
            let exact = filter.name == FilterName::Name && filter.exact_match == Some(true);
            (filter.name.as_str().to_owned(), exact, values)
        })
        .collect();
    filters.sort_unstable();
    filters.dedup();
    c.list(filters.len());
    for (name, exact, values) in &filters {
        c.text(name);
        c.number(u64::from(*exact));
        c.list(values.len());
        values.iter().for_each(|value| c.text(value));
    }
    // Without `By` the order is the dataset's whatever `Order` says.
    let sort = req.by.map(|by| {
        let by = match by {
            SortBy::FirstTime => "FirstTime",
            SortBy::LoginTime => "LoginTime",
            SortBy::ChangePasswordTime => "ChangePasswordTime",
            SortBy::PasswordDuaTime => "PasswordDuaTime",
            SortBy::PasswordLockDays => "PasswordLockDays",
        };
        let order = match req.order.unwrap_or(Order::Asc) {
            Order::Asc => "asc",
            Order::Desc => "desc",
        };
        format!("{by} {order}")
    });
    c.optional(sort.as_deref());
    c.list(accounts.len());
    for exported in accounts {
        c.text(&exported.quuid);
        c.text(&exported.account.name);
    }
    decimal_from_digest(&c.finish())
}
