//! The daily Linux host inspection (SPEC §2.1).
