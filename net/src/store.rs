//! The trusted state on disk, in a directory (`--home`):
//!
//! - `blocks/<height>.json`: one trusted light block per file (the core's light-block JSON);
//! - `lightcheck.json`: the index — format version, chain ID, trust options, the nodes, and the
//!   heights that are trusted.
//!
//! A block file is written to a temporary name, flushed and renamed; the index likewise, after
//! its blocks. The index rename is the commit point: a process killed at any moment leaves the
//! previous index, whose blocks are all still present (files are only deleted after the new
//! index is in place). At most `max_blocks` blocks are kept; the lowest go first.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lightcheck::cometbft::{json, LightBlock, Options, TrustThreshold};
use serde_json::{json, Value};

/// The index's file name.
pub const INDEX: &str = "lightcheck.json";
const FORMAT: u64 = 1;
/// Default bound on stored blocks (CometBFT's light client keeps 1000).
pub const DEFAULT_MAX_BLOCKS: usize = 1000;

/// A store failure: the directory cannot be read or written, or holds something this version
/// did not write.
#[derive(Debug)]
pub enum StoreError {
    /// A file could not be read or written.
    Io {
        /// Which file.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The store's content is not what lightcheck writes.
    Corrupt {
        /// Which file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl StoreError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Io { .. } => "store.io",
            StoreError::Corrupt { .. } => "store.corrupt",
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            StoreError::Corrupt { path, reason } => write!(f, "{}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {}

/// What a store remembers besides its blocks, so later runs need no flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The chain every block belongs to.
    pub chain_id: String,
    /// Trust options.
    pub options: Options,
    /// The primary's URL.
    pub primary: String,
    /// The witnesses' URLs.
    pub witnesses: Vec<String>,
    /// Most blocks kept.
    pub max_blocks: usize,
}

/// A trusted store opened from a directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// The settings saved with it.
    pub settings: Settings,
    /// The trusted blocks, lowest first.
    blocks: Vec<LightBlock>,
    /// Heights the index on disk lists (their files are complete and trusted).
    persisted: Vec<u64>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |error| StoreError::Io { path: path.to_path_buf(), error }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to disk,
/// then renamed over `path`, then the directory flushed.
///
/// A `path` that already exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is
/// written in place: renaming over it would replace the device with a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Ok(meta) = fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            return fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(io(path));
        }
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut file = fs::File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(bytes).map_err(io(&tmp))?;
    file.sync_all().map_err(io(&tmp))?;
    drop(file);
    test_pause();
    fs::rename(&tmp, path).map_err(io(path))?;
    if let Ok(d) = fs::File::open(dir) {
        // Not every platform can flush a directory; the rename is atomic regardless.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Test hook: `LIGHTCHECK_TEST_STORE_PAUSE_MS` holds every write between its flush and its
/// rename, so a test can kill the process mid-write (the kill -9 test in `scripts/devnet-test`).
fn test_pause() {
    if let Some(ms) = std::env::var("LIGHTCHECK_TEST_STORE_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

fn options_json(o: &Options) -> Value {
    json!({
        "trust_level": format!("{}/{}", o.trust_threshold.fraction().0, o.trust_threshold.fraction().1),
        "trusting_period_secs": o.trusting_period.as_secs(),
        "clock_drift_secs": o.clock_drift.as_secs(),
    })
}

fn options_from_json(v: &Value) -> Option<Options> {
    let (n, d) = v.get("trust_level")?.as_str()?.split_once('/')?;
    let mut options = Options::new(Duration::from_secs(v.get("trusting_period_secs")?.as_u64()?));
    options.trust_threshold = TrustThreshold::new(n.parse().ok()?, d.parse().ok()?).ok()?;
    options.clock_drift = Duration::from_secs(v.get("clock_drift_secs")?.as_u64()?);
    Some(options)
}

impl Store {
    /// Whether `dir` holds a store.
    pub fn exists(dir: &Path) -> bool {
        dir.join(INDEX).is_file()
    }

    /// A new, empty store in `dir` (created if missing). Nothing is written until
    /// [`save`](Self::save).
    pub fn create(dir: &Path, settings: Settings) -> Result<Store, StoreError> {
        fs::create_dir_all(dir.join("blocks")).map_err(io(dir))?;
        Ok(Store { dir: dir.to_path_buf(), settings, blocks: Vec::new(), persisted: Vec::new() })
    }

    /// Opens the store in `dir`: the index, then every block it lists, each checked to be well
    /// formed and of the store's chain.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let index_path = dir.join(INDEX);
        let corrupt = |path: &Path, reason: String| StoreError::Corrupt { path: path.to_path_buf(), reason };
        let bytes = fs::read(&index_path).map_err(io(&index_path))?;
        let v: Value = serde_json::from_slice(&bytes).map_err(|e| corrupt(&index_path, e.to_string()))?;
        if v.get("format").and_then(Value::as_u64) != Some(FORMAT) {
            return Err(corrupt(&index_path, "not a lightcheck store of format 1".into()));
        }
        let field = |name: &str| v.get(name).ok_or_else(|| corrupt(&index_path, format!("missing `{name}`")));
        let chain_id = field("chain_id")?.as_str().unwrap_or_default().to_string();
        let options =
            options_from_json(field("options")?).ok_or_else(|| corrupt(&index_path, "bad `options`".into()))?;
        let primary = field("primary")?.as_str().unwrap_or_default().to_string();
        let witnesses = field("witnesses")?
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let max_blocks = field("max_blocks")?.as_u64().unwrap_or(DEFAULT_MAX_BLOCKS as u64) as usize;
        let heights: Vec<u64> = field("heights")?
            .as_array()
            .ok_or_else(|| corrupt(&index_path, "`heights` is not an array".into()))?
            .iter()
            .map(|h| h.as_u64().ok_or_else(|| corrupt(&index_path, "a height is not a number".into())))
            .collect::<Result<_, _>>()?;
        if heights.is_empty() || heights.len() > max_blocks.max(1) {
            return Err(corrupt(&index_path, "no trusted block, or more than the store keeps".into()));
        }
        let mut blocks = Vec::with_capacity(heights.len());
        for h in heights {
            let path = dir.join("blocks").join(format!("{h}.json"));
            let bytes = fs::read(&path).map_err(io(&path))?;
            let block = json::light_block_from_json(&bytes).map_err(|e| corrupt(&path, e.to_string()))?;
            if block.height() != h {
                return Err(corrupt(&path, format!("holds height {}", block.height())));
            }
            block.validate_basic(&chain_id).map_err(|e| corrupt(&path, e.to_string()))?;
            blocks.push(block);
        }
        blocks.sort_by_key(LightBlock::height);
        let settings = Settings { chain_id, options, primary, witnesses, max_blocks };
        let persisted = blocks.iter().map(LightBlock::height).collect();
        Ok(Store { dir: dir.to_path_buf(), settings, blocks, persisted })
    }

    /// The trusted blocks, lowest first.
    pub fn blocks(&self) -> &[LightBlock] {
        &self.blocks
    }

    /// The highest trusted block.
    pub fn latest(&self) -> Option<&LightBlock> {
        self.blocks.last()
    }

    /// The highest trusted block at or below `height`.
    pub fn highest_at_or_below(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().rev().find(|b| b.height() <= height)
    }

    /// The lowest trusted block above `height`.
    pub fn lowest_above(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().find(|b| b.height() > height)
    }

    /// The trusted block at `height`.
    pub fn get(&self, height: u64) -> Option<&LightBlock> {
        self.blocks.iter().find(|b| b.height() == height)
    }

    /// Adds verified blocks (in memory; [`save`](Self::save) writes them), pruning the lowest
    /// beyond `max_blocks`.
    pub fn insert<'a>(&mut self, blocks: impl IntoIterator<Item = &'a LightBlock>) {
        for block in blocks {
            match self.blocks.binary_search_by_key(&block.height(), LightBlock::height) {
                Ok(i) => self.blocks[i] = block.clone(),
                Err(i) => self.blocks.insert(i, block.clone()),
            }
        }
        let max = self.settings.max_blocks.max(1);
        if self.blocks.len() > max {
            self.blocks.drain(..self.blocks.len() - max);
        }
    }

    /// Writes every block not yet on disk, then the index (the commit point), then deletes the
    /// block files the index no longer lists.
    pub fn save(&mut self) -> Result<(), StoreError> {
        let blocks_dir = self.dir.join("blocks");
        fs::create_dir_all(&blocks_dir).map_err(io(&blocks_dir))?;
        for block in &self.blocks {
            let path = blocks_dir.join(format!("{}.json", block.height()));
            // A file the index does not list may be a leftover of a killed run: rewritten.
            if !self.persisted.contains(&block.height()) {
                let bytes = json::light_block_to_json_value(block).to_string();
                write_atomically(&path, bytes.as_bytes())?;
            }
        }
        let heights: Vec<u64> = self.blocks.iter().map(LightBlock::height).collect();
        let s = &self.settings;
        let index = json!({
            "format": FORMAT,
            "chain_id": s.chain_id,
            "options": options_json(&s.options),
            "primary": s.primary,
            "witnesses": s.witnesses,
            "max_blocks": s.max_blocks,
            "heights": heights,
        });
        let bytes = serde_json::to_vec_pretty(&index)
            .map_err(|e| StoreError::Corrupt { path: self.dir.join(INDEX), reason: e.to_string() })?;
        write_atomically(&self.dir.join(INDEX), &bytes)?;
        self.persisted = heights.clone();
        // Only now may files go: the index on disk no longer lists them. Temporary files are
        // leftovers of killed runs.
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                if name.to_string_lossy().starts_with(&format!(".{INDEX}.")) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        if let Ok(entries) = fs::read_dir(&blocks_dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let listed = name
                    .strip_suffix(".json")
                    .and_then(|h| h.parse::<u64>().ok())
                    .is_some_and(|h| heights.contains(&h));
                if !listed {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
