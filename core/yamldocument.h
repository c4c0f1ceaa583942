#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace fd::core {

class YamlTree;
struct YamlByteEdit;

/** A range of bytes of a document: [begin, end). */
struct YamlSpan final {
    qsizetype begin = 0;
    qsizetype end = 0;
};

/** A field of one `images:` entry of a kustomization.yaml. */
enum class KustomizeField { NewName, NewTag, Digest };

/**
 * A YAML file edited without losing its formatting: each edit rewrites only the bytes of the
 * target scalar (or inserts the smallest well-indented text when a Kustomize image entry or field
 * is missing). Comments, blank lines, indentation, key order, quoting style, CRLF line endings and
 * a missing final newline survive. Every edit is verified by re-parsing: if the result would read
 * differently anywhere but at the target, the edit is refused and the document is unchanged.
 *
 * Key paths are those of Kargo's yaml-update step: keys separated by dots, `\.` for a literal
 * dot, integers index sequences (`spec.template.spec.containers.0.image`). They and the
 * Kustomize edits address the first document of a multi-document file; the others are kept
 * byte for byte.
 *
 * Refused with Unsupported rather than risked: values reached through or shared by an alias,
 * block scalars (| >), plain values spread over several lines, values tagged other than !!str,
 * and adding to flow-style ([...] / {...}) Kustomize lists and entries.
 */
class YamlDocument final {
public:
    static constexpr qsizetype MaxBytes = 4 * 1024 * 1024;

    /** Parses @p bytes; @p fileName only names the file in errors ("file:line:column: ..."). */
    static Result<YamlDocument> parse(QByteArray bytes, QString fileName);

    const QByteArray& bytes() const { return m_bytes; }
    const QString& fileName() const { return m_fileName; }

    /**
     * The scalar at @p keyPath, as YAML reads it (quotes removed, escapes resolved; a plain
     * `null` or `1.0` as written); an empty string for an empty value (`key:`).
     */
    Result<QString> scalar(const QString& keyPath) const;
    /**
     * Replaces the scalar at @p keyPath; the key must exist and hold a scalar, a null or be
     * empty. The value is written so that it reads back as this string: the existing quoting
     * style is kept unless the value would then read as a number, bool, null or date (YAML 1.1
     * or 1.2) or break the syntax; then it is double-quoted (`tag: 1.0` set to "1.1" becomes
     * `tag: "1.1"`). An integer or a boolean replacing a plain one stays plain, keeping the
     * author's type (`replicas: 2` set to "3" becomes `replicas: 3`).
     */
    Result<void> setScalar(const QString& keyPath, const QString& value);
    /**
     * The bytes setScalar() rewrites for @p keyPath: the scalar's text with its quotes (not its
     * tag or anchor), or an empty span right after the colon of an empty value. For showing
     * the changed line, and for tests that check that nothing else changed.
     */
    Result<YamlSpan> scalarSpan(const QString& keyPath) const;

    /** The field of the `images:` entry named @p imageName; nullopt when absent or null. */
    Result<std::optional<QString>> kustomizeImageField(const QString& imageName,
                                                       KustomizeField field) const;
    /**
     * Sets the field, adding the `images:` list, the entry or the field when missing, indented
     * like the file's other lists; `images: []` becomes a block list. Adding to a non-empty
     * flow list or flow entry is refused; existing fields in flow style are edited in place.
     */
    Result<void> setKustomizeImageField(const QString& imageName, KustomizeField field,
                                        const QString& value);

private:
    YamlDocument(QByteArray bytes, QString fileName, std::shared_ptr<const YamlTree> tree);

    /** The node setScalar() would rewrite for @p keyPath. */
    Result<int> editableScalar(const QString& keyPath) const;
    /** Applies the edits if re-parsing the result gives @p expected; else changes nothing. */
    Result<void> applyVerified(const std::vector<YamlByteEdit>& edits, const YamlTree& expected);

    QByteArray m_bytes;
    QString m_fileName;
    // Immutable and shared between copies; an edit replaces it with the tree of the new bytes.
    std::shared_ptr<const YamlTree> m_tree;
};

} // namespace fd::core
