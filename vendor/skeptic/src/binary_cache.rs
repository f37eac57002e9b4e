use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::rt::rustc_command;

/// Compiled snippets, kept in `<target>/<profile>/.skeptic-bin/` so that
/// running the tests again only recompiles what changed.
///
/// Only the executable is kept, never its output: a snippet may read the
/// clock, the network or the disk, and has to run every time. An entry is
/// named after everything the compilation depended on: the snippet, the
/// compiler, the edition, the target, and the size and modification time of
/// each library it is linked with. Anything that changes any of them simply
/// misses.
///
/// Opt in with the `binary-cache` feature (the entries add up to hundreds of
/// megabytes in a large project). Then `SKEPTIC_NO_BINARY_CACHE` turns it off
/// for a run, and `SKEPTIC_BINARY_CACHE_MB` (default 1024) bounds the space
/// used; the least recently used entries go first.
pub(crate) struct BinaryCache {
    dir: PathBuf,
    /// Everything that is the same for every snippet.
    stamp: u64,
}

impl BinaryCache {
    pub(crate) fn open(
        target_dir: &Path,
        edition: Option<&str>,
        externs: &[(String, PathBuf)],
        search_dirs: &[PathBuf],
    ) -> Option<BinaryCache> {
        use std::hash::{Hash, Hasher};

        if !cfg!(feature = "binary-cache") || env::var_os("SKEPTIC_NO_BINARY_CACHE").is_some() {
            return None;
        }
        let version = Command::new(rustc_command()).arg("-vV").output().ok()?;
        if !version.status.success() {
            return None;
        }

        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        version.stdout.hash(&mut hasher);
        edition.hash(&mut hasher);
        search_dirs.hash(&mut hasher);
        for (name, rlib) in externs {
            // The sibling .rmeta is passed along too, but it is rebuilt
            // together with the rlib.
            let meta = fs::metadata(rlib).ok()?;
            (name, rlib, meta.len(), meta.modified().ok()).hash(&mut hasher);
        }

        let dir = target_dir.join(".skeptic-bin");
        fs::create_dir_all(&dir).ok()?;
        let cache = BinaryCache {
            dir,
            stamp: hasher.finish(),
        };
        cache.prune();
        Some(cache)
    }

    /// 128 bits, so that two snippets never share an entry by accident.
    pub(crate) fn key(&self, target_triple: &str, test_text: &str) -> String {
        use std::hash::{Hash, Hasher};

        let hash = |salt: u8| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (salt, self.stamp, target_triple, test_text).hash(&mut hasher);
            hasher.finish()
        };
        format!("{:016x}{:016x}", hash(0), hash(1))
    }

    /// The cached executable, if there is one. It is run where it is: a
    /// fresh copy would be vetted by the system again (see `execute`).
    pub(crate) fn restore(&self, key: &str) -> Option<PathBuf> {
        let entry = self.dir.join(key);
        // Mark it as recently used. Opened for reading only: an executable
        // open for writing in this process cannot be run (see `staging`).
        let file = fs::File::open(&entry).ok()?;
        let _ = file.set_modified(SystemTime::now());
        Some(entry)
    }

    /// Where the compiler should write the executable for `key`, to be
    /// moved into the cache by [`BinaryCache::store`].
    ///
    /// The executable is written by the linker, a process of its own, and
    /// moved in by a rename: this process never opens it for writing. It
    /// must not. The snippets are compiled and run by several threads at
    /// once, and every thread that starts a process forks this one, with
    /// all its open files, until the child calls `exec`. A copy made here
    /// would be open for writing in such a child for that instant, and
    /// running the copy then fails with "Text file busy" (ETXTBSY): about
    /// one run in ten with eight jobs and an empty cache.
    ///
    /// Each compilation gets a folder of its own (see `BinaryCache::unstage`): rustc
    /// puts its object files beside the executable, named after the crate,
    /// so two compilations of the same snippet at once in one folder would
    /// overwrite each other's, and the link fails.
    pub(crate) fn staging(&self, key: &str) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let folder = self
            .dir
            .join(format!(".staging-{}-{n}", std::process::id()));
        let _ = fs::create_dir_all(&folder);
        folder.join(key)
    }

    /// Puts the executable built at `staging` into the cache, returning
    /// where it now is. A reader never sees half of it.
    ///
    /// If the entry is already there (the same snippet, compiled at once by
    /// another thread, or a second block with the same program), it stays,
    /// and that one is run: never replaced, since it may be running. A
    /// program replaced while it runs finds its own executable deleted
    /// (`std::env::current_exe()` then names a file that is gone), and a
    /// program that starts copies of itself fails. So the executable is
    /// hard-linked in, which, unlike a rename, never replaces an entry.
    pub(crate) fn store(&self, key: &str, staging: &Path) -> Option<PathBuf> {
        let entry = self.dir.join(key);
        match fs::hard_link(staging, &entry) {
            Ok(()) => Some(entry),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Some(entry),
            Err(_) => None,
        }
    }

    /// Removes the folder of a `staging` path, and whatever the
    /// compiler left in it (all of it, if the build failed).
    pub(crate) fn unstage(staging: &Path) {
        if let Some(folder) = staging.parent() {
            let _ = fs::remove_dir_all(folder);
        }
    }

    /// The verdict kept for a check under `key` (a `no_run` snippet, which
    /// is compiled to metadata and never run): whether it compiled, and
    /// what the compiler printed. A check is decided by the same things as
    /// an executable, all in the key, and nothing of it runs, so its
    /// verdict can be kept; a `no_run` snippet was compiled again on every
    /// run (`compile_fail` blocks, which must keep failing, among them).
    pub(crate) fn verdict(&self, key: &str) -> Option<(bool, Vec<u8>)> {
        for (compiled, suffix) in [(true, "compiles"), (false, "fails")] {
            let entry = self.dir.join(format!("{key}.{suffix}"));
            if let Ok(printed) = fs::read(&entry) {
                if let Ok(file) = fs::File::open(&entry) {
                    let _ = file.set_modified(SystemTime::now());
                }
                return Some((compiled, printed));
            }
        }
        None
    }

    /// Keeps the verdict of a check under `key`, with what the compiler
    /// printed: written aside, then renamed into place, so that a reader
    /// never sees half of it. A failure is kept only if the compiler
    /// reported an error: one that failed for another reason (killed, out
    /// of memory) decides nothing about the snippet.
    pub(crate) fn keep_verdict(&self, key: &str, compiled: bool, printed: &[u8]) {
        let text = String::from_utf8_lossy(printed);
        if !compiled && !text.lines().any(|line| line.starts_with("error")) {
            return;
        }
        let suffix = if compiled { "compiles" } else { "fails" };
        let aside = self
            .dir
            .join(format!(".{key}.{suffix}.{}", std::process::id()));
        if fs::write(&aside, printed).is_ok()
            && fs::rename(&aside, self.dir.join(format!("{key}.{suffix}"))).is_err()
        {
            let _ = fs::remove_file(&aside);
        }
    }

    fn prune(&self) {
        let limit = env::var("SKEPTIC_BINARY_CACHE_MB")
            .ok()
            .and_then(|mb| mb.parse::<u64>().ok())
            .unwrap_or(1024)
            * 1024
            * 1024;
        let mut entries: Vec<_> = fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let meta = entry.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), entry.path()))
            })
            .collect();
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= limit {
                break;
            }
            if fs::remove_file(path).is_ok() {
                total -= len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path, stamp: u64) -> BinaryCache {
        BinaryCache {
            dir: dir.to_path_buf(),
            stamp,
        }
    }

    #[test]
    fn key_depends_on_everything_it_was_built_from() {
        let dir = tempfile::tempdir().unwrap();
        let base = cache(dir.path(), 1).key("t", "fn main() {}");
        assert_eq!(base, cache(dir.path(), 1).key("t", "fn main() {}"));
        assert_ne!(base, cache(dir.path(), 2).key("t", "fn main() {}"));
        assert_ne!(base, cache(dir.path(), 1).key("u", "fn main() {}"));
        assert_ne!(base, cache(dir.path(), 1).key("t", "fn main() { }"));
    }

    #[test]
    fn a_stored_entry_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let binaries = cache(dir.path(), 1);
        let key = binaries.key("t", "fn main() {}");
        let first = binaries.staging(&key);
        fs::write(&first, "first").unwrap();
        let entry = binaries.store(&key, &first).unwrap();
        let second = binaries.staging(&key);
        fs::write(&second, "second").unwrap();
        assert_eq!(binaries.store(&key, &second), Some(entry.clone()));
        assert_eq!(fs::read_to_string(&entry).unwrap(), "first");
        BinaryCache::unstage(&first);
        BinaryCache::unstage(&second);
        assert_eq!(fs::read_to_string(&entry).unwrap(), "first");
    }

    #[test]
    fn stored_binary_is_restored_and_misses_are_misses() {
        let cache_dir = tempfile::tempdir().unwrap();
        let cache = cache(cache_dir.path(), 1);
        let key = cache.key("t", "x");

        let built = cache.staging(&key);
        let twin = cache.staging(&key);
        assert_ne!(built.parent(), twin.parent(), "each compilation stages apart");
        BinaryCache::unstage(&twin);
        fs::write(&built, b"binary").unwrap();
        assert!(cache.restore(&key).is_none());

        let stored = cache.store(&key, &built).unwrap();
        BinaryCache::unstage(&built);
        let restored = cache.restore(&key).unwrap();
        assert_eq!(restored, stored);
        assert_eq!(fs::read(&restored).unwrap(), b"binary");
        assert!(cache.restore(&cache.key("t", "y")).is_none());
        // Nothing but entries is left behind.
        assert_eq!(fs::read_dir(cache_dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_check_keeps_its_verdict_and_only_a_real_failure() {
        let dir = tempfile::tempdir().unwrap();
        let binaries = cache(dir.path(), 1);
        let (good, bad, odd) = (binaries.key("t", "a"), binaries.key("t", "b"), binaries.key("t", "c"));
        assert_eq!(binaries.verdict(&good), None);
        binaries.keep_verdict(&good, true, b"");
        binaries.keep_verdict(&bad, false, b"error[E0373]: closure may outlive\n");
        binaries.keep_verdict(&odd, false, b"Killed\n");
        assert_eq!(binaries.verdict(&good), Some((true, Vec::new())));
        assert_eq!(
            binaries.verdict(&bad),
            Some((false, b"error[E0373]: closure may outlive\n".to_vec()))
        );
        assert_eq!(binaries.verdict(&odd), None);
    }

    #[test]
    fn prune_drops_the_least_recently_used_first() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        let new = dir.path().join("new");
        for path in [&old, &new] {
            fs::write(path, vec![0u8; 700 * 1024]).unwrap();
        }
        let now = SystemTime::now();
        let touch = |path: &Path, ago: u64| {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(now - std::time::Duration::from_secs(ago))
                .unwrap();
        };
        touch(&old, 100);
        touch(&new, 10);

        // 1 MB holds only one of them. (Environment is process-wide, but no
        // other test reads this variable.)
        env::set_var("SKEPTIC_BINARY_CACHE_MB", "1");
        cache(dir.path(), 1).prune();
        env::remove_var("SKEPTIC_BINARY_CACHE_MB");
        assert!(!old.exists());
        assert!(new.exists());
    }
}
