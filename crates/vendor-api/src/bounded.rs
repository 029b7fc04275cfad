//! Integer newtypes whose documented range and default are declared once.
//!
//! [`bounded_int!`] generates a newtype whose OpenAPI schema (`minimum`, `maximum`, `default`)
//! and whose parser (`Deserialize`, `TryFrom<i64>`) both read the same associated constants,
//! so the published document and the accepted values cannot drift apart.

use std::fmt;

/// A value outside the range declared for a bounded integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange {
    /// The rejected value.
    pub value: i64,
    /// Smallest accepted value.
    pub min: i64,
    /// Largest accepted value.
    pub max: i64,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the range {}..={}",
            self.value, self.min, self.max
        )
    }
}

impl std::error::Error for OutOfRange {}

/// Reads any JSON number whose value is an integer (`20`, and also `20.0`, which JSON Schema
/// counts as the integer 20) as an `i64`.
#[derive(Debug, Clone, Copy)]
pub struct IntegralVisitor;

impl serde::de::Visitor<'_> for IntegralVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
        // Exact for every integral f64 in i64's range; the range check rejects the rest.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(v as i64)
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
        }
    }
}

/// Declares an integer newtype with an inclusive range and an optional default.
///
/// ```
/// vendor_api::bounded_int! {
///     /// Number of records per page.
///     pub struct PageSize(i32): 1..=100, default = 20, format = Int32;
/// }
/// assert_eq!(PageSize::default().get(), 20);
/// assert!(PageSize::try_from(101).is_err());
/// ```
#[macro_export]
macro_rules! bounded_int {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($inner:ty): $min:literal ..= $max:literal
            $(, default = $default:literal)?, format = $format:ident;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize)]
        #[serde(transparent)]
        $vis struct $name($inner);

        impl $name {
            /// Smallest accepted value.
            pub const MIN: $inner = $min;
            /// Largest accepted value.
            pub const MAX: $inner = $max;
            /// Default applied when the value is absent, if the vendor documents one.
            pub const DEFAULT: ::core::option::Option<$inner> = $crate::bounded_int!(@default $($default)?);

            /// The wrapped value.
            pub const fn get(self) -> $inner {
                self.0
            }
        }

        impl ::core::convert::TryFrom<i64> for $name {
            type Error = $crate::bounded::OutOfRange;

            fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
                    // The range check above guarantees the conversion succeeds.
                    <$inner>::try_from(value).map(Self).map_err(|_| unreachable!())
                } else {
                    Err($crate::bounded::OutOfRange {
                        value,
                        min: i64::from(Self::MIN),
                        max: i64::from(Self::MAX),
                    })
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(de: D) -> ::core::result::Result<Self, D::Error> {
                let value = de.deserialize_any($crate::bounded::IntegralVisitor)?;
                Self::try_from(value).map_err(::serde::de::Error::custom)
            }
        }

        $crate::bounded_int!(@impl_default $name $($default)?);

        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                use ::utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::$format)))
                    .minimum(Some(Self::MIN))
                    .maximum(Some(Self::MAX))
                    .default(Self::DEFAULT.map(::serde_json::Value::from))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {}
    };
    (@default) => { None };
    (@default $default:literal) => { Some($default) };
    (@impl_default $name:ident) => {};
    (@impl_default $name:ident $default:literal) => {
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self($default)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::bounded_int! {
        /// A test range.
        struct Small(i32): 1..=100, default = 20, format = Int32;
    }

    fn parse(json: &str) -> Result<Small, String> {
        serde_json::from_str::<Small>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_the_bounds_and_integral_floats() {
        assert_eq!(parse("1").unwrap().get(), 1);
        assert_eq!(parse("100").unwrap().get(), 100);
        assert_eq!(parse("20.0").unwrap().get(), 20);
    }

    #[test]
    fn rejects_what_is_outside_or_not_an_integer() {
        for json in [
            "0",
            "101",
            "-1",
            "1.5",
            "\"5\"",
            "1e300",
            "18446744073709551615",
        ] {
            assert!(parse(json).is_err(), "{json} was accepted");
        }
    }

    #[test]
    fn default_and_schema_share_the_constants() {
        assert_eq!(Small::default().get(), 20);
        let schema = serde_json::to_value(<Small as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(schema["minimum"], 1);
        assert_eq!(schema["maximum"], 100);
        assert_eq!(schema["default"], 20);
    }
}
