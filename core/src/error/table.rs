//! The macro that turns an error table into an error type.
//!
//! Each capability declares its errors once, as rows of one table (`nitro/error.rs`,
//! `cometbft/error.rs`, …): the variant with its typed fields, its C status number, its stable
//! code, its class, a one-line description (the first doc line) and its message. From a table the
//! macro derives the enum, `code()`, `class()`, `status()`, `Display` and the `CODES` catalog that
//! the C header, the TypeScript declarations and the published code list are generated from (see
//! `core/tests/error_table.rs`).

/// Declares an error enum from a table of rows, plus the `InputTooLarge` variant every
/// capability shares (code `input.too_large`, C status 100):
///
/// ```text
/// /// One-line description (becomes the C and TypeScript documentation).
/// Variant { field: Type, … } = STATUS, "stable.code", Class, ("message {field}", args…);
/// ```
macro_rules! error_table {
    (
        $(#[$enum_meta:meta])*
        pub enum $Enum:ident {
            $(
                #[doc = $desc:literal]
                $(#[doc = $more:literal])*
                $Variant:ident $({
                    $(
                        $(#[$field_meta:meta])*
                        $field:ident : $ty:ty
                    ),* $(,)?
                })?
                = $status:literal, $code:literal, $class:ident, ($($message:tt)+);
            )+
        }
    ) => {
        $(#[$enum_meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $Enum {
            /// An input is larger than the decoder accepts.
            ///
            /// Code `input.too_large`, class Malformed, C status 100: the same in every table.
            InputTooLarge {
                /// Which input or list.
                what: &'static str,
                /// Its length (bytes or items).
                len: usize,
                /// The largest accepted.
                max: usize,
            },
            $(
                #[doc = $desc]
                $(#[doc = $more])*
                #[doc = ""]
                #[doc = concat!("Code `", $code, "`, class ", stringify!($class), ", C status ", stringify!($status), ".")]
                $Variant $({ $($(#[$field_meta])* $field: $ty),* })?,
            )+
        }

        impl $Enum {
            /// Every code of this type, in table order.
            pub const CODES: &'static [$crate::error::CodeInfo] = &[
                $crate::error::CodeInfo::new(100, "input.too_large", $crate::error::ErrorClass::Malformed, "An input is larger than the decoder accepts."),
                $($crate::error::CodeInfo::new($status, $code, $crate::error::ErrorClass::$class, $desc),)+
            ];

            /// The stable machine-readable code, `capability.area.reason`.
            pub const fn code(&self) -> &'static str {
                match self {
                    Self::InputTooLarge { .. } => "input.too_large",
                    $(Self::$Variant { .. } => $code,)+
                }
            }

            /// The category of the failure.
            pub const fn class(&self) -> $crate::error::ErrorClass {
                match self {
                    Self::InputTooLarge { .. } => $crate::error::ErrorClass::Malformed,
                    $(Self::$Variant { .. } => $crate::error::ErrorClass::$class,)+
                }
            }

            /// The stable C status number (`lc_status` in `lightcheck.h`).
            pub const fn status(&self) -> i32 {
                match self {
                    Self::InputTooLarge { .. } => 100,
                    $(Self::$Variant { .. } => $status,)+
                }
            }
        }

        impl core::fmt::Display for $Enum {
            #[allow(unused_variables)]
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self {
                    Self::InputTooLarge { what, len, max } => {
                        write!(f, "{what}: {len} bytes exceeds the limit of {max} bytes")
                    }
                    $(Self::$Variant $({ $($field),* })? => write!(f, $($message)+),)+
                }
            }
        }

        #[cfg(feature = "std")]
        impl std::error::Error for $Enum {}
    };
}

pub(crate) use error_table;
