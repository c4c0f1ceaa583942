#include "yamlsimplescalar.h"

#include <QStringList>

#include <string_view>
#include <vector>

namespace fd::core {

namespace {

using Outcome = SimpleYamlScalar::Outcome;

// Far below YamlDocument::MaxBytes: a file the full reader refuses is never read here.
constexpr qsizetype MaxSimpleBytes = 1024 * 1024;

bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isKeyChar(char c) {
    return isAlnum(c) || c == '_' || c == '.' || c == '/' || c == '-';
}

/** Characters of the plain scalars accepted (no indicator that could change the meaning). */
bool isPlainChar(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == '=' ||
           c == ':' || c == '@' || c == '~' || c == ' ';
}

bool isPlainStart(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '/' || c == '~';
}

/** A collection in progress: a block map or sequence starting at column `indent`. */
struct Frame final {
    qsizetype indent = 0;
    bool sequence = false;
    bool compact = false; // a sequence at its key's column (`key:\n- item`)
    int prefix = -1;      // target segments matched by the keys leading here; -1: off the path
};

struct Value final {
    enum class Kind { Scalar, EmptyCollection, Nothing, Invalid };
    Kind kind = Kind::Invalid;
    std::string_view text;
};

/** Nothing or spaces, then the end of the line or a comment. */
bool endsLine(std::string_view rest) {
    qsizetype i = 0;
    while (i < qsizetype(rest.size()) && rest[i] == ' ')
        ++i;
    return i == qsizetype(rest.size()) || (i > 0 && rest[i] == '#');
}

/** What follows "key:" or "-" on a line (starting with a space or empty). */
Value readValue(std::string_view rest) {
    qsizetype i = 0;
    const auto size = qsizetype(rest.size());
    while (i < size && rest[i] == ' ')
        ++i;
    if (i == size || rest[i] == '#')
        return {i == size || i > 0 ? Value::Kind::Nothing : Value::Kind::Invalid, {}};
    if (i == 0)
        return {};
    const char first = rest[i];
    if (first == '"' || first == '\'') {
        const std::size_t close = rest.find(first, std::size_t(i) + 1);
        if (close == std::string_view::npos)
            return {};
        const std::string_view text = rest.substr(std::size_t(i) + 1, close - std::size_t(i) - 1);
        if (first == '"' && text.find('\\') != std::string_view::npos)
            return {};
        if (!endsLine(rest.substr(close + 1)))
            return {}; // also '' (an escaped quote) and text after the closing quote
        return {Value::Kind::Scalar, text};
    }
    if (first == '[' || first == '{') {
        const char closing = first == '[' ? ']' : '}';
        if (i + 1 < size && rest[i + 1] == closing && endsLine(rest.substr(std::size_t(i) + 2)))
            return {Value::Kind::EmptyCollection, {}};
        return {};
    }
    std::size_t end = rest.find(" #", std::size_t(i));
    if (end == std::string_view::npos)
        end = rest.size();
    while (end > std::size_t(i) && rest[end - 1] == ' ')
        --end;
    const std::string_view text = rest.substr(std::size_t(i), end - std::size_t(i));
    if (!isPlainStart(text.front()) || text.back() == ':' ||
        text.find(": ") != std::string_view::npos)
        return {};
    for (char c : text) {
        if (!isPlainChar(c))
            return {};
    }
    return {Value::Kind::Scalar, text};
}

/** The length of a plain key followed by ':' and a space or the end, or 0. */
qsizetype keyLength(std::string_view entry) {
    if (entry.empty() || !(isAlnum(entry.front()) || entry.front() == '_'))
        return 0;
    qsizetype i = 0;
    while (i < qsizetype(entry.size()) && isKeyChar(entry[i]))
        ++i;
    if (i == qsizetype(entry.size()) || entry[i] != ':')
        return 0;
    if (i + 1 < qsizetype(entry.size()) && entry[i + 1] != ' ')
        return 0;
    return i;
}

bool readSegments(const QString& keyPath, std::vector<std::string>& segments) {
    for (const QString& part : keyPath.split(QLatin1Char('.'))) {
        if (part.isEmpty() || part == u"null" || part == u"Null" || part == u"NULL")
            return false;
        bool digitsOnly = true;
        for (QChar c : part) {
            if (c.unicode() > 0x7f || !isKeyChar(char(c.unicode())))
                return false;
            digitsOnly = digitsOnly && c.isDigit();
        }
        if (digitsOnly || !(isAlnum(char(part.front().unicode())) || part.front() == u'_'))
            return false;
        segments.push_back(part.toStdString());
    }
    return !segments.empty();
}

/** Reads the whole file; see the header for the subset. */
class Reader final {
public:
    explicit Reader(std::vector<std::string> segments)
        : m_segments(std::move(segments))
        , m_matches(m_segments.size(), 0) {}

    SimpleYamlScalar read(std::string_view bytes) {
        std::size_t start = 0;
        while (start < bytes.size()) {
            std::size_t end = bytes.find('\n', start);
            if (end == std::string_view::npos)
                end = bytes.size();
            if (!line(bytes.substr(start, end - start)))
                return {};
            start = end + 1;
        }
        if (m_pending && m_pendingTarget)
            return {}; // a null: the full reader reports how it is written
        if (m_found)
            return {Outcome::Found, QString::fromLatin1(m_value.data(), qsizetype(m_value.size()))};
        return {Outcome::Absent, {}};
    }

private:
    bool line(std::string_view text) {
        for (char c : text) {
            if (c < 0x20 || c > 0x7e)
                return false; // tabs, CR, control and non-ASCII bytes
        }
        qsizetype indent = 0;
        while (indent < qsizetype(text.size()) && text[indent] == ' ')
            ++indent;
        const std::string_view content = text.substr(std::size_t(indent));
        if (content.empty() || content.front() == '#')
            return true;
        const bool dash = content == "-" || content.substr(0, 2) == "- ";
        if (m_pending) {
            m_pending = false;
            if (indent > m_pendingIndent)
                m_stack.push_back({indent, dash, false, dash ? -1 : m_pendingPrefix});
            else if (indent == m_pendingIndent && dash && !m_stack.back().sequence)
                m_stack.push_back({indent, true, true, -1});
            else if (m_pendingTarget)
                return false; // a null
        }
        while (m_stack.back().indent > indent ||
               (m_stack.back().compact && m_stack.back().indent == indent && !dash)) {
            m_stack.pop_back();
            if (m_stack.empty())
                return false;
        }
        const Frame top = m_stack.back();
        if (top.indent != indent)
            return false;
        if (!top.sequence)
            return !dash && entry(content, indent, top.prefix);
        if (!dash)
            return false;
        qsizetype offset = 1;
        while (offset < qsizetype(content.size()) && content[offset] == ' ')
            ++offset;
        const std::string_view item = content.substr(std::size_t(offset));
        if (item.empty() || item.front() == '-')
            return false; // a nested block or sequence
        if (keyLength(item) == 0) {
            const Value::Kind kind = readValue(content.substr(1)).kind;
            return kind == Value::Kind::Scalar || kind == Value::Kind::EmptyCollection;
        }
        // The item is a map whose keys line up with its first one.
        m_stack.push_back({indent + offset, false, false, -1});
        return entry(item, indent + offset, -1);
    }

    /** One "key: value" or "key:" line of a map at @p column. */
    bool entry(std::string_view text, qsizetype column, int prefix) {
        const qsizetype length = keyLength(text);
        if (length == 0)
            return false;
        const std::string_view key = text.substr(0, std::size_t(length));
        const bool onPath = prefix >= 0 && std::size_t(prefix) < m_segments.size() &&
                            key == m_segments[std::size_t(prefix)];
        // A key twice on the way: the full reader refuses to choose.
        if (onPath && ++m_matches[std::size_t(prefix)] > 1)
            return false;
        const bool target = onPath && std::size_t(prefix) + 1 == m_segments.size();
        const Value value = readValue(text.substr(std::size_t(length) + 1));
        switch (value.kind) {
        case Value::Kind::Invalid:
            return false;
        case Value::Kind::Nothing:
            m_pending = true;
            m_pendingIndent = column;
            m_pendingPrefix = onPath ? prefix + 1 : -1;
            m_pendingTarget = target;
            return true;
        case Value::Kind::Scalar:
            if (target) {
                m_found = true;
                m_value = value.text;
            }
            return true;
        case Value::Kind::EmptyCollection:
            return true;
        }
        return false;
    }

    std::vector<std::string> m_segments;
    std::vector<int> m_matches;
    std::vector<Frame> m_stack{Frame{0, false, false, 0}};
    bool m_pending = false;
    qsizetype m_pendingIndent = 0;
    int m_pendingPrefix = -1;
    bool m_pendingTarget = false;
    bool m_found = false;
    std::string_view m_value;
};

} // namespace

SimpleYamlScalar readSimpleYamlScalar(const QByteArray& bytes, const QString& keyPath) {
    std::vector<std::string> segments;
    if (bytes.size() > MaxSimpleBytes || !readSegments(keyPath, segments))
        return {};
    return Reader(std::move(segments))
        .read(std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

} // namespace fd::core
