#include "yamlsource.h"

#include <optional>

namespace fd::core {

namespace {

struct Problem final {
    qsizetype offset = 0;
    QString message;
};

QString hexByte(unsigned char byte) {
    return QStringLiteral("0x") + QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')).toUpper();
}

QString codePointName(char32_t codePoint) {
    return QStringLiteral("U+") + QStringLiteral("%1")
                                      .arg(static_cast<uint>(codePoint), 4, 16, QLatin1Char('0'))
                                      .toUpper();
}

// YAML's c-printable set; anything else may only appear escaped inside double quotes. yaml-cpp
// silently drops or keeps such characters while the Go readers reject the file, so we refuse it.
bool isPrintable(char32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

/** Decodes one UTF-8 sequence at @p i; nullopt when it is malformed, overlong or a surrogate. */
std::optional<char32_t> decodeUtf8(const QByteArray& bytes, qsizetype i, int& length) {
    const auto byte = [&](qsizetype at) { return static_cast<unsigned char>(bytes[at]); };
    const unsigned char lead = byte(i);
    char32_t codePoint = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        length = 1;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        codePoint = lead & 0x1F;
        minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        codePoint = lead & 0x0F;
        minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        codePoint = lead & 0x07;
        minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (i + length > bytes.size())
        return std::nullopt;
    for (int k = 1; k < length; ++k) {
        const unsigned char continuation = byte(i + k);
        if ((continuation & 0xC0) != 0x80)
            return std::nullopt;
        codePoint = (codePoint << 6) | (continuation & 0x3F);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        return std::nullopt;
    return codePoint;
}

std::optional<Problem> findEncodingProblem(const QByteArray& bytes, qsizetype from) {
    for (qsizetype i = from; i < bytes.size();) {
        const unsigned char byte = static_cast<unsigned char>(bytes[i]);
        if (byte == 0)
            return Problem{i, QStringLiteral("the file contains a NUL byte, so it is binary or not "
                                             "UTF-8 (UTF-16?); YAML files must be UTF-8 text: "
                                             "save it as UTF-8")};
        if (byte == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n'))
            return Problem{i, QStringLiteral("a carriage return without a line feed (classic Mac "
                                             "line ending); YAML readers disagree on those: "
                                             "convert the file to LF or CRLF line endings")};
        int length = 1;
        const std::optional<char32_t> codePoint = decodeUtf8(bytes, i, length);
        if (!codePoint)
            return Problem{i, QStringLiteral("byte %1 is not valid UTF-8; save the file as UTF-8 "
                                             "(Freightdesk does not guess other encodings)")
                                  .arg(hexByte(byte))};
        if (!isPrintable(*codePoint))
            return Problem{i, QStringLiteral("control character %1 is not allowed in YAML; remove "
                                             "it, or write it as an escape inside double quotes")
                                  .arg(codePointName(*codePoint))};
        i += length;
    }
    return std::nullopt;
}

} // namespace

YamlSource::YamlSource(const QByteArray& bytes, QString fileName)
    : m_bytes(&bytes)
    , m_fileName(std::move(fileName))
    , m_bomLength(bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0) {
    const qsizetype firstBreak = bytes.indexOf('\n');
    m_lineBreak =
        firstBreak > 0 && bytes[firstBreak - 1] == '\r' ? QByteArray("\r\n") : QByteArray("\n");
}

Result<YamlSource> YamlSource::check(const QByteArray& bytes, const QString& fileName,
                                     qsizetype maxBytes) {
    YamlSource source(bytes, fileName);
    if (bytes.size() > maxBytes)
        return Error{Error::Kind::TooLarge,
                     QStringLiteral("the file is %1 bytes; Freightdesk edits YAML files of up to "
                                    "%2 bytes: change this one by hand")
                         .arg(bytes.size())
                         .arg(maxBytes),
                     fileName};
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF") ||
        bytes.startsWith(QByteArray("\x00\x00\xFE\xFF", 4)))
        return Error{Error::Kind::InvalidInput,
                     QStringLiteral("the file is UTF-16 or UTF-32 encoded (it starts with such a "
                                    "byte order mark); save it as UTF-8"),
                     fileName};
    if (const std::optional<Problem> problem = findEncodingProblem(bytes, source.m_bomLength))
        return source.error(Error::Kind::InvalidInput, problem->offset, problem->message);
    return source;
}

int YamlSource::lineOf(qsizetype offset) const {
    const QByteArray& data = bytes();
    offset = qBound<qsizetype>(0, offset, data.size());
    int line = 1;
    for (qsizetype i = 0; i < offset; ++i)
        line += data[i] == '\n' ? 1 : 0;
    return line;
}

int YamlSource::columnOf(qsizetype offset) const {
    const QByteArray& data = bytes();
    offset = qBound<qsizetype>(0, offset, data.size());
    qsizetype lineStart = offset;
    while (lineStart > 0 && data[lineStart - 1] != '\n')
        --lineStart;
    lineStart = qMax(lineStart, m_bomLength);
    int column = 0;
    for (qsizetype i = lineStart; i < offset; ++i)
        column += (static_cast<unsigned char>(data[i]) & 0xC0) != 0x80 ? 1 : 0;
    return column;
}

QString YamlSource::location(qsizetype offset) const {
    return QStringLiteral("%1:%2:%3").arg(m_fileName).arg(lineOf(offset)).arg(columnOf(offset) + 1);
}

Error YamlSource::error(Error::Kind kind, qsizetype offset, const QString& message) const {
    return Error{kind, message, location(offset)};
}

} // namespace fd::core
