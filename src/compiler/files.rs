//! Where the compiler reads a corpus from (`Files`: the disk, or files held in memory), and the
//! one rule on what it may read: only the corpus folder (`Folder::inside`).

use super::{Diagnostic, Problems, SourceFile};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a file could not be read, and the line at fault when there is one (text that is not UTF-8).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// Where the compiler reads a corpus from: a folder on disk, or files held in memory (the npm
/// command runs the compiler as WebAssembly, which cannot open files itself).
pub trait Files {
    fn read(&self, path: &Path) -> Result<String, Unreadable>;
    /// The `.toml` files directly in a folder, sorted.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf>;
    fn exists(&self, path: &Path) -> bool;
    /// Where a path really is: absolute, with `.` and `..` resolved and symbolic links followed as
    /// far as the path exists. The compiler refuses what this puts outside the corpus folder.
    fn real(&self, path: &Path) -> PathBuf;
}

pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, Unreadable> {
        let bytes = std::fs::read(path).map_err(|e| Unreadable {
            line: None,
            reason: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file: check the path".to_string(),
                _ => format!("{e}: make the file readable"),
            },
        })?;
        String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            Unreadable {
                line: Some(good.iter().filter(|&&b| b == b'\n').count() + 1),
                reason: "not UTF-8 text: save the file as UTF-8".to_string(),
            }
        })
    }
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        files
    }
    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
    fn real(&self, path: &Path) -> PathBuf {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // The longest leading part that exists, its links resolved, then the rest as written: a
        // path that does not exist is still judged by where it would be.
        let parts: Vec<_> = path.components().collect();
        for n in (1..=parts.len()).rev() {
            if let Ok(head) = std::fs::canonicalize(parts[..n].iter().collect::<PathBuf>()) {
                return lexical(&parts[n..].iter().fold(head, |p, c| p.join(c)));
            }
        }
        lexical(&path)
    }
}

/// Files in memory, keyed by their path relative to one root ("corpus/almanac.toml"), and the
/// paths among them that are symbolic links, with where each leads (`links`; the npm command
/// lists those that lead out of the corpus folder, whose files it does not read).
pub struct Memory {
    pub files: BTreeMap<PathBuf, String>,
    pub links: BTreeMap<PathBuf, PathBuf>,
}

/// Resolves "." and ".." without touching a file system ("a/../../b" is "../b", "/.." is "/").
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

impl Files for Memory {
    fn read(&self, path: &Path) -> Result<String, Unreadable> {
        self.files
            .get(&lexical(path))
            .cloned()
            .ok_or_else(|| Unreadable {
                line: None,
                reason: "no such file: check the path".to_string(),
            })
    }
    /// Links count: a `.toml` link out of the folder is listed, so the compiler refuses it by name.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = lexical(dir);
        let mut files: Vec<PathBuf> = self
            .files
            .keys()
            .chain(self.links.keys())
            .filter(|p| {
                p.parent() == Some(dir.as_path()) && p.extension().is_some_and(|e| e == "toml")
            })
            .cloned()
            .collect();
        files.sort();
        files.dedup();
        files
    }
    fn exists(&self, path: &Path) -> bool {
        let path = lexical(path);
        self.files.contains_key(&path) || self.links.contains_key(&path)
    }
    fn real(&self, path: &Path) -> PathBuf {
        let path = lexical(path);
        match path.ancestors().find_map(|a| Some((a, self.links.get(a)?))) {
            Some((link, to)) => lexical(&to.join(path.strip_prefix(link).expect("an ancestor"))),
            None => path,
        }
    }
}

/// The corpus folder as the compiler reads it. A corpus reads only its own folder: every path is
/// checked here (`inside`) before it is read, and one that leads outside it (by `..`, as an absolute path, or through a
/// symbolic link) is refused, so a corpus someone sent cannot make the build read and bundle other
/// files, and a repository's corpus cannot depend on files beside the repository.
pub(super) struct Folder<'a> {
    pub(super) files: &'a dyn Files,
    pub(super) path: &'a Path,
    /// Where the folder really is (`Files::real`): what every path is checked against.
    real: PathBuf,
}

impl<'a> Folder<'a> {
    pub(super) fn new(files: &'a dyn Files, path: &'a Path) -> Self {
        Folder {
            files,
            path,
            real: files.real(path),
        }
    }

    /// `Err` with what to say when `path` leads outside the folder: `given` is the path as the
    /// corpus names it, `fix` what to do instead.
    pub(super) fn inside(&self, path: &Path, given: &str, fix: &str) -> Result<(), String> {
        let real = self.files.real(path);
        if real.starts_with(&self.real) {
            return Ok(());
        }
        Err(format!(
            "{given} leads outside the corpus folder (to {}): only paths inside the corpus folder {} are allowed: {fix}",
            real.display(), self.real.display()))
    }

    /// A TOML file of the corpus; a problem at its first line if it cannot be read.
    pub(super) fn read(&self, path: &Path, problems: &mut Problems) -> Option<SourceFile> {
        let read = self
            .inside(
                path,
                "this file",
                "copy the file into the corpus folder instead of linking to it",
            )
            .map_err(|reason| Unreadable { line: None, reason })
            .and_then(|()| self.files.read(path));
        match read {
            Ok(text) => Some(SourceFile {
                path: path.to_path_buf(),
                text,
            }),
            Err(e) => {
                // A file that cannot be opened has no line at fault: point at its first.
                problems.0.push(Diagnostic {
                    file: path.into(),
                    line: e.line.unwrap_or(1),
                    message: format!("cannot read: {}", e.reason),
                });
                None
            }
        }
    }

    /// The `.toml` files of a subfolder (`documents`, ...), which must be inside the folder too.
    pub(super) fn toml_files(&self, sub: &str, problems: &mut Problems) -> Vec<PathBuf> {
        let dir = self.path.join(sub);
        if let Err(reason) = self.inside(
            &dir,
            "this folder",
            "copy the folder into the corpus folder instead of linking to it",
        ) {
            problems.0.push(Diagnostic {
                file: dir,
                line: 1,
                message: format!("cannot read: {reason}"),
            });
            return Vec::new();
        }
        self.files.toml_files(&dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_keeps_what_climbs_above_its_start() {
        assert_eq!(
            lexical(Path::new("corpus/./texts/../../../x")),
            Path::new("../x")
        );
        assert_eq!(lexical(Path::new("/../etc")), Path::new("/etc"));
    }

    /// The files the npm command hands over: a link out of the folder is refused by its name,
    /// and a relative folder cannot be left by `..` either.
    #[test]
    fn memory_files_are_confined_by_their_links_and_dot_dots() {
        let memory = Memory {
            files: BTreeMap::new(),
            links: BTreeMap::from([("/c/texts".into(), "/elsewhere".into())]),
        };
        let folder = Folder::new(&memory, Path::new("/c"));
        assert!(folder
            .inside(Path::new("/c/documents/../texts2/a.txt"), "", "")
            .is_ok());
        let err = folder
            .inside(Path::new("/c/texts/a.txt"), "witness file \"a.txt\"", "fix")
            .unwrap_err();
        assert_eq!(err, "witness file \"a.txt\" leads outside the corpus folder (to /elsewhere/a.txt): only paths inside the corpus folder /c are allowed: fix");
        let relative = Folder::new(&memory, Path::new("c"));
        assert!(relative.inside(Path::new("c/../x"), "", "").is_err());
        assert!(relative.inside(Path::new("c/x"), "", "").is_ok());
    }
}
