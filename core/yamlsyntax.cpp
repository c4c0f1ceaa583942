#include "yamlsyntax.h"

#include <QRegularExpression>
#include <QString>

namespace fd::core::yamlsyntax {

namespace {

// What yaml-cpp reads as part of a tag after its `!`: word characters, URI punctuation other
// than the flow indicators, `%` escapes and the `!` of a handle. Anything else ends the tag, even
// without a space (yaml-cpp then reads it as content).
bool isTagChar(char c) {
    static constexpr std::string_view punctuation = "-#;/?:@&=+$_.~*'()!%";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           punctuation.find(c) != std::string_view::npos;
}

bool isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

qsizetype afterLineBreak(const QByteArray& bytes, qsizetype pos) {
    const qsizetype end = lineEnd(bytes, pos);
    if (end >= bytes.size())
        return end;
    return bytes[end] == '\r' ? end + 2 : end + 1;
}

int indentationAt(const QByteArray& bytes, qsizetype start) {
    int spaces = 0;
    while (start + spaces < bytes.size() && bytes[start + spaces] == ' ')
        ++spaces;
    return spaces;
}

// Characters a plain scalar must not contain and single quotes cannot carry: C0 controls, DEL,
// C1 controls, the Unicode line and paragraph separators (line breaks to YAML 1.1 readers), the
// BOM and the two non-characters. Double quotes can write each of them as an escape.
bool needsEscape(std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 || c == 0x7F)
            return true;
        const std::string_view rest = value.substr(i);
        if (c == 0xC2 && rest.size() > 1 && static_cast<unsigned char>(rest[1]) < 0xA0)
            return true;
        if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9") ||
            rest.starts_with("\xEF\xBB\xBF") || rest.starts_with("\xEF\xBF\xBE") ||
            rest.starts_with("\xEF\xBF\xBF"))
            return true;
    }
    return false;
}

QByteArray doubleQuoted(std::string_view value) {
    QByteArray out;
    out.reserve(static_cast<qsizetype>(value.size()) + 2);
    out.append('"');
    const auto hex = [&out](uint codePoint, int digits, char prefix) {
        out.append('\\').append(prefix).append(
            QByteArray::number(codePoint, 16).toUpper().rightJustified(digits, '0'));
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        const std::string_view rest = value.substr(i);
        switch (c) {
        case '"':
            out.append("\\\"");
            continue;
        case '\\':
            out.append("\\\\");
            continue;
        case '\0':
            out.append("\\0");
            continue;
        case '\a':
            out.append("\\a");
            continue;
        case '\b':
            out.append("\\b");
            continue;
        case '\t':
            out.append("\\t");
            continue;
        case '\n':
            out.append("\\n");
            continue;
        case '\v':
            out.append("\\v");
            continue;
        case '\f':
            out.append("\\f");
            continue;
        case '\r':
            out.append("\\r");
            continue;
        case 0x1B:
            out.append("\\e");
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F) {
            hex(c, 2, 'x');
        } else if (c == 0xC2 && rest.size() > 1 && static_cast<unsigned char>(rest[1]) < 0xA0) {
            // Not \N for U+0085: yaml-cpp 0.7 decodes that to a lone byte 0x85 (not UTF-8).
            hex(static_cast<unsigned char>(rest[1]), 2, 'x');
            ++i;
        } else if (rest.starts_with("\xE2\x80\xA8")) {
            out.append("\\L");
            i += 2;
        } else if (rest.starts_with("\xE2\x80\xA9")) {
            out.append("\\P");
            i += 2;
        } else if (rest.starts_with("\xEF\xBB\xBF") || rest.starts_with("\xEF\xBF\xBE") ||
                   rest.starts_with("\xEF\xBF\xBF")) {
            const uint codePoint = rest.starts_with("\xEF\xBB\xBF")              ? 0xFEFF
                                   : static_cast<unsigned char>(rest[2]) == 0xBE ? 0xFFFE
                                                                                 : 0xFFFF;
            hex(codePoint, 4, 'u');
            i += 2;
        } else {
            out.append(static_cast<char>(c));
        }
    }
    out.append('"');
    return out;
}

QByteArray singleQuoted(std::string_view value) {
    QByteArray out("'");
    for (const char c : value) {
        out.append(c);
        if (c == '\'')
            out.append('\'');
    }
    out.append('\'');
    return out;
}

} // namespace

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

bool isBreakOrEnd(const QByteArray& bytes, qsizetype i) {
    return i >= bytes.size() || bytes[i] == '\n' || bytes[i] == '\r';
}

bool isFlowIndicator(char c) {
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

qsizetype lineEnd(const QByteArray& bytes, qsizetype pos) {
    const qsizetype newline = bytes.indexOf('\n', pos);
    if (newline < 0)
        return bytes.size();
    return newline > pos && bytes[newline - 1] == '\r' ? newline - 1 : newline;
}

qsizetype lineStart(const QByteArray& bytes, qsizetype pos) {
    while (pos > 0 && bytes[pos - 1] != '\n')
        --pos;
    return pos;
}

qsizetype skipProperties(const QByteArray& bytes, qsizetype pos) {
    const qsizetype size = bytes.size();
    while (pos < size && (bytes[pos] == '!' || bytes[pos] == '&')) {
        if (bytes[pos] == '!' && pos + 1 < size && bytes[pos + 1] == '<') {
            const qsizetype close = bytes.indexOf('>', pos);
            if (close < 0 || close > lineEnd(bytes, pos))
                return pos;
            pos = close + 1;
        } else if (bytes[pos] == '&') {
            ++pos;
            while (pos < size && !isWhitespace(bytes[pos]) && !isFlowIndicator(bytes[pos]))
                ++pos;
        } else {
            ++pos;
            while (pos < size && isTagChar(bytes[pos]))
                ++pos;
        }
        while (pos < size && isBlank(bytes[pos]))
            ++pos;
    }
    return pos;
}

qsizetype skipSpaceAndComments(const QByteArray& bytes, qsizetype pos) {
    while (pos < bytes.size()) {
        if (isWhitespace(bytes[pos]))
            ++pos;
        else if (bytes[pos] == '#')
            pos = lineEnd(bytes, pos);
        else
            break;
    }
    return pos;
}

bool restOfLineIsEmpty(const QByteArray& bytes, qsizetype pos) {
    while (pos < bytes.size() && isBlank(bytes[pos]))
        ++pos;
    return isBreakOrEnd(bytes, pos) || bytes[pos] == '#';
}

ScalarStyle styleAt(const QByteArray& bytes, qsizetype contentBegin) {
    if (contentBegin >= bytes.size())
        return ScalarStyle::Plain;
    switch (bytes[contentBegin]) {
    case '"':
        return ScalarStyle::DoubleQuoted;
    case '\'':
        return ScalarStyle::SingleQuoted;
    case '|':
        return ScalarStyle::Literal;
    case '>':
        return ScalarStyle::Folded;
    default:
        return ScalarStyle::Plain;
    }
}

qsizetype plainEnd(const QByteArray& bytes, qsizetype begin, bool inFlow) {
    qsizetype i = begin;
    for (; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\n' || c == '\r')
            break;
        if (c == '#' && i > begin && isBlank(bytes[i - 1]))
            break;
        if (c == ':' && (isBreakOrEnd(bytes, i + 1) || isBlank(bytes[i + 1]) ||
                         (inFlow && isFlowIndicator(bytes[i + 1]))))
            break;
        if (inFlow && isFlowIndicator(c))
            break;
    }
    while (i > begin && isBlank(bytes[i - 1]))
        --i;
    return i;
}

std::optional<qsizetype> quotedEnd(const QByteArray& bytes, qsizetype begin) {
    const char quote = bytes[begin];
    for (qsizetype i = begin + 1; i < bytes.size(); ++i) {
        if (quote == '"' && bytes[i] == '\\') {
            ++i;
        } else if (bytes[i] == quote) {
            if (quote == '\'' && i + 1 < bytes.size() && bytes[i + 1] == '\'')
                ++i;
            else
                return i + 1;
        }
    }
    return std::nullopt;
}

std::optional<qsizetype> flowCollectionEnd(const QByteArray& bytes, qsizetype begin) {
    int depth = 0;
    // A quote opens a quoted scalar only where a token starts; inside a plain scalar (`[it's]`)
    // it is an ordinary character.
    bool tokenStart = true;
    for (qsizetype i = begin; i < bytes.size();) {
        const char c = bytes[i];
        if (c == '[' || c == '{') {
            ++depth;
            tokenStart = true;
            ++i;
        } else if (c == ']' || c == '}') {
            ++i;
            if (--depth == 0)
                return i;
            tokenStart = false;
        } else if (c == ',' || c == ':' || c == '?') {
            tokenStart = true;
            ++i;
        } else if (isWhitespace(c)) {
            ++i;
        } else if (c == '#' && isWhitespace(bytes[i - 1])) {
            i = lineEnd(bytes, i);
        } else if (tokenStart && (c == '!' || c == '&')) {
            // An unclosed `!<` is no property; step over it rather than stand still.
            i = qMax(skipProperties(bytes, i), i + 1);
        } else if (tokenStart && (c == '"' || c == '\'')) {
            const std::optional<qsizetype> end = quotedEnd(bytes, i);
            if (!end)
                return std::nullopt;
            i = *end;
            tokenStart = false;
        } else {
            tokenStart = false;
            ++i;
        }
    }
    return std::nullopt;
}

std::optional<qsizetype> blockScalarEnd(const QByteArray& bytes, qsizetype header,
                                        int parentIndent) {
    qsizetype i = header + 1;
    while (i < bytes.size() &&
           (bytes[i] == '+' || bytes[i] == '-' || (bytes[i] >= '0' && bytes[i] <= '9'))) {
        if (bytes[i] >= '0' && bytes[i] <= '9')
            return std::nullopt;
        ++i;
    }
    qsizetype lastContentEnd = lineEnd(bytes, header);
    int contentIndent = -1;
    for (i = afterLineBreak(bytes, header); i < bytes.size(); i = afterLineBreak(bytes, i)) {
        const int indent = indentationAt(bytes, i);
        if (isBreakOrEnd(bytes, i + indent))
            continue;
        if (contentIndent < 0) {
            // Content is more indented than the parent node; a line that is not ends an empty
            // block scalar.
            if (indent <= parentIndent)
                break;
            contentIndent = indent;
        }
        if (indent < contentIndent)
            break;
        lastContentEnd = lineEnd(bytes, i);
    }
    return lastContentEnd;
}

bool plainReadsAsNonString(std::string_view value) {
    if (value.empty())
        return true;
    // The implicit types of YAML 1.2's core schema, YAML 1.1 (booleans like yes/on, octal,
    // sexagesimal, timestamps, `<<`, `=`), and what Go's strconv accepts for numbers (Helm and
    // Kargo read values through it).
    static const QRegularExpression nonString(QStringLiteral(
        "\\A(?:"
        "~|null|Null|NULL"
        "|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
        "|[-+]?[0-9][0-9_]*"
        "|[-+]?0[bB][01_]+|[-+]?0[oO][0-7_]+|[-+]?0[xX][0-9a-fA-F_]+"
        "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
        "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        "|[-+]?[0-9][0-9_]*\\.(?:[eE][-+]?[0-9]+)?"
        "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
        "|(?i:[-+]?(?:inf|infinity|nan))"
        "|[-+]?0[xX][0-9a-fA-F_]*\\.?[0-9a-fA-F_]*[pP][-+]?[0-9_]+"
        "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
        "|<<|="
        ")\\z"));
    return nonString.match(QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())))
        .hasMatch();
}

bool plainSyntaxAllows(std::string_view value, bool inFlow) {
    if (value.empty() || needsEscape(value))
        return false;
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
    if (indicators.find(value.front()) != std::string_view::npos || isBlank(value.front()) ||
        isBlank(value.back()) || value.starts_with("...") || value.back() == ':')
        return false;
    for (std::size_t i = 0; i + 1 < value.size(); ++i) {
        if (value[i] == ':' && isBlank(value[i + 1]))
            return false;
        if (isBlank(value[i]) && value[i + 1] == '#')
            return false;
    }
    // Inside [] or {} a plain scalar ends at any flow indicator, and libyaml-based readers also
    // split `a:b` there; quoting is the safe choice.
    if (inFlow && value.find_first_of(",[]{}:") != std::string_view::npos)
        return false;
    return true;
}

bool readsAsString(const std::string& tag, std::string_view value) {
    if (tag == "!" || tag == "tag:yaml.org,2002:str")
        return true;
    return tag == "?" && !plainReadsAsNonString(value);
}

bool plainKeepsType(std::string_view current, std::string_view value) {
    static const QRegularExpression integer(
        QStringLiteral("\\A[-+]?(?:0|[1-9][0-9]*)\\z")); // 012 is octal to YAML 1.1
    static const QRegularExpression boolean(
        QStringLiteral("\\A(?:true|True|TRUE|false|False|FALSE)\\z"));
    const auto is = [](const QRegularExpression& pattern, std::string_view text) {
        return pattern.match(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())))
            .hasMatch();
    };
    return (is(integer, current) && is(integer, value)) ||
           (is(boolean, current) && is(boolean, value));
}

QByteArray render(const std::string& value, ScalarStyle current, bool inFlow, bool taggedString,
                  std::string_view currentPlain) {
    switch (current) {
    case ScalarStyle::Plain:
        if (plainSyntaxAllows(value, inFlow) &&
            (taggedString || !plainReadsAsNonString(value) || plainKeepsType(currentPlain, value)))
            return QByteArray(value.data(), static_cast<qsizetype>(value.size()));
        break;
    case ScalarStyle::SingleQuoted:
        if (!needsEscape(value))
            return singleQuoted(value);
        break;
    case ScalarStyle::DoubleQuoted:
    case ScalarStyle::Literal:
    case ScalarStyle::Folded:
        break;
    }
    return doubleQuoted(value);
}

} // namespace fd::core::yamlsyntax
