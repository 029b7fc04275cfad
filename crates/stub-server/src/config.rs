//! Settings of one stub process, as the command line gives them; every field has a default
//! that suits tests and local use.

/// Settings of one stub process.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body read; larger bodies are refused in the vendor's envelope.
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 1 << 20,
        }
    }
}
