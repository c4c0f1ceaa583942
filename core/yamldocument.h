#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace fd::core {

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
 * dot, integers index sequences (`spec.template.spec.containers.0.image`).
 */
class YamlDocument final {
public:
    static constexpr qsizetype MaxBytes = 4 * 1024 * 1024;

    /** Parses @p bytes; @p fileName only names the file in errors ("file:line:column: ..."). */
    static Result<YamlDocument> parse(QByteArray bytes, QString fileName);

    const QByteArray& bytes() const { return m_bytes; }
    const QString& fileName() const { return m_fileName; }

    /** The scalar at @p keyPath, as YAML reads it (quotes removed, escapes resolved). */
    Result<QString> scalar(const QString& keyPath) const;
    /** Replaces the scalar at @p keyPath; the key must exist and hold a scalar. */
    Result<void> setScalar(const QString& keyPath, const QString& value);

    /** The field of the `images:` entry named @p imageName; nullopt when entry or field is absent. */
    Result<std::optional<QString>> kustomizeImageField(const QString& imageName,
                                                       KustomizeField field) const;
    /** Sets the field, adding the `images:` list, the entry or the field when missing. */
    Result<void> setKustomizeImageField(const QString& imageName, KustomizeField field,
                                        const QString& value);

private:
    YamlDocument(QByteArray bytes, QString fileName);

    QByteArray m_bytes;
    QString m_fileName;
};

} // namespace fd::core
