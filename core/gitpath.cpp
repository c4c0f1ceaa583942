#include "gitpath.h"

#include <QStringList>

namespace fd::core {

namespace {

Error invalidPath(const QString& path, const QString& why) {
    return Error{Error::Kind::InvalidInput,
                 QStringLiteral("path '%1' leaves the repository: %2").arg(path, why), path};
}

} // namespace

Result<QByteArray> validateRepositoryPath(const QString& path) {
    if (path.isEmpty())
        return Error{Error::Kind::InvalidInput, QStringLiteral("the path is empty"), {}};
    // Printable form for messages: a NUL or line break would cut or forge the message.
    QString shown = path;
    shown.replace(QChar(u'\0'), QStringLiteral("\\0")).replace(u'\n', QStringLiteral("\\n"));
    if (path.contains(QChar(u'\0')) || path.contains(u'\n') || path.contains(u'\r'))
        return invalidPath(shown, QStringLiteral("it contains a NUL or line break"));
    if (path.contains(u'\\'))
        return invalidPath(shown, QStringLiteral("use '/' to separate folders, not '\\'"));
    if (path.startsWith(u'/'))
        return invalidPath(shown, QStringLiteral("it is absolute"));
    const QStringList components = path.split(u'/');
    for (const QString& component : components) {
        if (component.isEmpty())
            return invalidPath(shown, QStringLiteral("it has an empty component"));
        if (component == QStringLiteral(".") || component == QStringLiteral(".."))
            return invalidPath(shown, QStringLiteral("it has a '%1' component").arg(component));
        if (component.compare(QStringLiteral(".git"), Qt::CaseInsensitive) == 0)
            return invalidPath(shown, QStringLiteral("it names Git's own folder"));
    }
    return path.toUtf8();
}

} // namespace fd::core
