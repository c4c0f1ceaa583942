#pragma once

#include "error.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace fd::core {

/**
 * The bytes of a YAML file as the editor sees them: checked to be something yaml-cpp and the Go
 * YAML readers of Kargo, Helm and Argo CD agree on (UTF-8, no NUL or control characters, LF or
 * CRLF line breaks), with what the edits must preserve (BOM, line break style) and a way to turn
 * a byte offset into "file:line:column" for errors.
 */
class YamlSource final {
public:
    static Result<YamlSource> check(const QByteArray& bytes, const QString& fileName,
                                    qsizetype maxBytes);
    /** For bytes that passed check() before. */
    YamlSource(const QByteArray& bytes, QString fileName);

    const QByteArray& bytes() const { return *m_bytes; }
    const QString& fileName() const { return m_fileName; }
    /** 3 when the file starts with a UTF-8 byte order mark (which yaml-cpp does not count). */
    qsizetype bomLength() const { return m_bomLength; }
    /** "\r\n" when the file's first line break is CRLF, else "\n". */
    const QByteArray& lineBreak() const { return m_lineBreak; }

    /** "file:line:column", 1-based; the column counts characters, not bytes. */
    QString location(qsizetype offset) const;
    Error error(Error::Kind kind, qsizetype offset, const QString& message) const;
    /** The 1-based line of @p offset, for messages that point elsewhere in the file. */
    int lineOf(qsizetype offset) const;
    /** The column (0-based, in characters) of @p offset on its line. */
    int columnOf(qsizetype offset) const;

private:
    // The document owns the bytes; a YamlSource never outlives the call that made it.
    const QByteArray* m_bytes;
    QString m_fileName;
    qsizetype m_bomLength = 0;
    QByteArray m_lineBreak;
};

} // namespace fd::core
