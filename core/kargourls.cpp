#include "kargourls.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QStringList>

#include <cctype>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace fd::core {
namespace {

/** Go's unicode.IsSpace(r) || !unicode.IsPrint(r): anything but letters, marks, numbers,
 *  punctuation and symbols (so also a BOM, a zero-width space, controls). */
bool isGoSpace(char32_t c) {
    switch (QChar::category(c)) {
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
        return true;
    default:
        return false;
    }
}

QString fromCodePoints(const QList<uint>& points) {
    return QString::fromUcs4(reinterpret_cast<const char32_t*>(points.constData()), points.size());
}

QString removeSpaces(const QString& text) {
    QList<uint> points = text.toUcs4();
    points.removeIf([](uint c) { return isGoSpace(char32_t(c)); });
    return fromCodePoints(points);
}

QString trimSpaces(const QString& text) {
    const QList<uint> points = text.toUcs4();
    qsizetype begin = 0;
    qsizetype end = points.size();
    while (begin < end && isGoSpace(char32_t(points[begin])))
        ++begin;
    while (end > begin && isGoSpace(char32_t(points[end - 1])))
        --end;
    return fromCodePoints(points.mid(begin, end - begin));
}

/** Go's url.PathUnescape: nullopt for a '%' without two hex digits. */
std::optional<QString> pathUnescape(const QString& text) {
    const auto isHex = [](QChar c) { return std::isxdigit(c.toLatin1()) && c.unicode() < 128; };
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'%' && (i + 2 >= text.size() || !isHex(text[i + 1]) || !isHex(text[i + 2])))
            return std::nullopt;
    }
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

QString trimOnce(QString path, QStringView suffix) {
    if (path.endsWith(suffix))
        path.chop(suffix.size());
    return path;
}

/** "/org/repo.git/" → "/org/repo": one trailing '/', then one ".git". */
QString trimRepositoryPath(const QString& path) {
    return trimOnce(trimOnce(path, u"/"), u".git");
}

/** Splits "path?query#fragment"; the separators stay on the tail. */
std::pair<QString, QString> splitTail(const QString& text) {
    const qsizetype at = text.indexOf(QRegularExpression(u"[?#]"_s));
    return at < 0 ? std::pair{text, QString()} : std::pair{text.left(at), text.mid(at)};
}

QString normalizeUrlForm(const QString& url, const QString& original) {
    const qsizetype schemeEnd = url.indexOf(u"://") + 3;
    const auto [beforeTail, tail] = splitTail(url.mid(schemeEnd));
    const qsizetype query = tail.startsWith(u'?') ? 0 : -1;
    if (query == 0 && tail.size() > 1 && tail.at(1) != u'#')
        return original; // Kargo refuses URLs with query parameters
    const qsizetype slash = beforeTail.indexOf(u'/');
    QString authority = slash < 0 ? beforeTail : beforeTail.left(slash);
    const QString path = slash < 0 ? QString() : beforeTail.mid(slash);
    if (!url.startsWith(u"ssh://")) {
        const qsizetype at = authority.lastIndexOf(u'@');
        if (at >= 0)
            authority = authority.mid(at + 1);
    }
    return (url.left(schemeEnd) + authority + trimRepositoryPath(path) + tail).toLower();
}

QString normalizeScpForm(const QString& url, const QString& original) {
    static const QRegularExpression scp(uR"(\A((?:[\w-]+@)?[\w-]+(?:\.[\w-]+)*)(?::(.*))?\z)"_s);
    const auto match = scp.match(url);
    if (!match.hasMatch())
        return original;
    const QString userHost = match.captured(1);
    auto [path, tail] = splitTail(match.captured(2));
    // Go's url.Parse of "//authority/path" keeps the authority only when it is not empty.
    if (path.startsWith(u"//") && path.indexOf(u'/', 2) == 2)
        path = path.mid(2);
    path = trimRepositoryPath(path);
    if (path.isEmpty() && tail.isEmpty())
        return (u"ssh://"_s + userHost).toLower();
    return (u"ssh://"_s + userHost + u'/' + path + tail).toLower();
}

bool allIn(QStringView text, QStringView allowed) {
    for (const QChar c : text) {
        if (!allowed.contains(c))
            return false;
    }
    return true;
}

struct ImageName final {
    QString registry; // empty: Docker Hub
    QString repository;
};

/** go-containerregistry's NewRepository with weak validation. */
std::optional<ImageName> parseRepository(const QString& name) {
    static const QRegularExpression validRegistry(
        uR"(\A(?:[A-Za-z0-9._~!$&'()*+,;=-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?\z)"_s);
    ImageName image{QString(), name};
    const qsizetype slash = name.indexOf(u'/');
    if (slash >= 0) {
        const QString first = name.left(slash);
        if (first.contains(u'.') || first.contains(u':')) {
            image.registry = first;
            image.repository = name.mid(slash + 1);
        }
    }
    const qsizetype length = image.repository.size();
    if (length < 2 || length > 255 ||
        !allIn(image.repository, u"abcdefghijklmnopqrstuvwxyz0123456789_-./"))
        return std::nullopt;
    if (!image.registry.isEmpty() && !validRegistry.match(image.registry).hasMatch())
        return std::nullopt;
    return image;
}

/** go-containerregistry's ParseReference: a tag, or else a digest, after the repository. */
std::optional<ImageName> parseReference(const QString& reference) {
    QString base = reference;
    const qsizetype at = base.indexOf(u'@');
    if (at >= 0) {
        const QString digest = base.mid(at + 1);
        if (digest.size() != 71 || !allIn(digest, u"sh:0123456789abcdef"))
            return std::nullopt;
        base = base.left(at);
    }
    const qsizetype colon = base.lastIndexOf(u':');
    if (colon >= 0 && !base.mid(colon + 1).contains(u'/')) {
        const QString tag = base.mid(colon + 1);
        if (tag.isEmpty() || tag.size() > 128 ||
            !allIn(tag, u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."))
            return std::nullopt;
        base = base.left(colon);
    }
    return base.isEmpty() ? std::nullopt : parseRepository(base);
}

} // namespace

QString kargoNormalizeGitUrl(const QString& url) {
    const QString unescaped = pathUnescape(url).value_or(url);
    const QString trimmed = trimSpaces(unescaped);
    if (removeSpaces(trimmed) != trimmed)
        return url; // internal spaces: not a URL Kargo touches
    const QString stripped = removeSpaces(url);
    if (stripped.isEmpty())
        return url;
    if (stripped.startsWith(u"http://") || stripped.startsWith(u"https://") ||
        stripped.startsWith(u"ssh://"))
        return normalizeUrlForm(stripped, url);
    return normalizeScpForm(stripped, url);
}

QString kargoNormalizeImageUrl(const QString& url) {
    const QString stripped = removeSpaces(pathUnescape(url).value_or(url));
    const auto image = parseReference(stripped);
    if (!image)
        return stripped;
    const QString& registry = image->registry;
    if (registry.isEmpty() || registry == u"docker.io" || registry == u"index.docker.io" ||
        registry == u"registry-1.docker.io") {
        return image->repository.startsWith(u"library/") ? image->repository.mid(8)
                                                         : image->repository;
    }
    return registry + u'/' + image->repository;
}

QString kargoNormalizeChartUrl(const QString& url) {
    QString text = url.trimmed().toLower();
    if (text.startsWith(u"oci://"))
        text = text.mid(6);
    return kargoNormalizeImageUrl(text);
}

QString goPathJoin(const QString& first, const QString& second) {
    QStringList elements;
    for (const QString& element : {first, second}) {
        if (!element.isEmpty())
            elements << element;
    }
    if (elements.isEmpty())
        return {};
    const QString joined = elements.join(u'/');
    const bool rooted = joined.startsWith(u'/');
    QStringList kept;
    for (const QString& part : joined.split(u'/', Qt::SkipEmptyParts)) {
        if (part == u".")
            continue;
        if (part == u".." && !kept.isEmpty() && kept.last() != u"..")
            kept.removeLast();
        else if (part != u".." || !rooted)
            kept << part;
    }
    const QString cleaned = (rooted ? u"/"_s : QString()) + kept.join(u'/');
    return cleaned.isEmpty() ? u"."_s : cleaned;
}

} // namespace fd::core
