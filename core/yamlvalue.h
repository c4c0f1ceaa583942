#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace fd::core {

/**
 * A read-only node of a parsed YAML document, for reading manifests: a map, a sequence, a scalar
 * or null, with the file, line and column it was written at so that every finding can point
 * there. Aliases read as the node they name. A lookup that finds nothing gives an undefined
 * value (isDefined() false) rather than an error, so optional fields read naturally:
 * `doc["spec"]["source"]["helm"]["valueFiles"]`.
 *
 * Cheap to copy: all values of a file share its parsed tree.
 */
class YamlValue final {
public:
    enum class Type { Undefined, Null, Scalar, Sequence, Map };

    /** Every document of @p bytes (a file of Kubernetes manifests holds several). */
    static Result<QList<YamlValue>> parseAll(const QByteArray& bytes, const QString& fileName);

    YamlValue() = default;

    Type type() const;
    bool isDefined() const { return type() != Type::Undefined; }
    bool isNull() const { return type() == Type::Null; }
    bool isScalar() const { return type() == Type::Scalar; }
    bool isSequence() const { return type() == Type::Sequence; }
    bool isMap() const { return type() == Type::Map; }

    /** A scalar's text as YAML reads it (quotes removed); @p fallback for anything else. */
    QString scalar(const QString& fallback = {}) const;
    /** True for a quoted or block scalar: `"true"` is a string, `true` a boolean. */
    bool isQuoted() const;
    /** A plain true/false (YAML 1.2 and the 1.1 words Go readers accept); @p fallback else. */
    bool toBool(bool fallback) const;

    /** Entries of a sequence or a map; 0 for anything else. */
    int size() const;
    /** The @p index-th item of a sequence, or undefined. */
    YamlValue at(int index) const;
    /** The value of @p key in a map, or undefined. */
    YamlValue operator[](const QString& key) const;
    YamlValue operator[](const char* key) const { return (*this)[QString::fromUtf8(key)]; }
    /** A map's scalar keys, in file order. */
    QStringList keys() const;
    /** A sequence's items, or a map's values in file order. */
    QList<YamlValue> items() const;
    /** A map of scalars as a list of key/value pairs (labels, annotations); others skipped. */
    QList<std::pair<QString, QString>> stringMap() const;

    const QString& fileName() const;
    /** 1-based line of the node (of the parent it was looked up in, when undefined). */
    int line() const;
    /** 1-based column of the node. */
    int column() const;
    /** "file:line:column". */
    QString location() const;

private:
    struct File;
    YamlValue(std::shared_ptr<const File> file, int node, int anchorNode);

    std::shared_ptr<const File> m_file;
    int m_node = -1;
    // For an undefined value, the node it was looked up in, so errors still point somewhere.
    int m_anchorNode = -1;
};

} // namespace fd::core
