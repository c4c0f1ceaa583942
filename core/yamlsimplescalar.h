#pragma once

#include <QByteArray>
#include <QString>

namespace fd::core {

/** What readSimpleYamlScalar() could tell without a YAML parser. */
struct SimpleYamlScalar final {
    enum class Outcome {
        Found,    // the key path leads to this scalar
        Absent,   // the file is valid YAML and the key path leads to no scalar
        NotSimple // the file (or key path) is outside the subset: parse it fully
    };
    Outcome outcome = Outcome::NotSimple;
    QString value;
};

/**
 * The scalar at @p keyPath (dots between plain keys, no escapes, no indexes) of a YAML file
 * written in the small block subset most values files use, read in one pass over the bytes
 * without building a tree. Anything outside the subset is NotSimple and must be parsed fully:
 * non-ASCII or control bytes, CRLF, tabs, document markers and directives, flow collections
 * other than `[]` and `{}`, block scalars, multi-line plain scalars, anchors, aliases, tags,
 * escapes in quotes, complex or quoted keys, a null or a duplicate key on the way to the target.
 * Within the subset the answer is the one YamlDocument::scalar() gives (Absent where it fails).
 *
 * Exists because version history reads the same key from thousands of blobs: a full parse of
 * each (yaml-cpp plus the byte-position tree) cost about ten times what `git log` spends on
 * the whole history.
 */
SimpleYamlScalar readSimpleYamlScalar(const QByteArray& bytes, const QString& keyPath);

} // namespace fd::core
