#include "imagereference.h"

namespace fd::core {

QString imageWithoutTag(const QString& image) {
    QString name = image.section(QLatin1Char('@'), 0, 0);
    // A colon after the last slash starts the tag; one before it belongs to a registry's port.
    const qsizetype colon = name.lastIndexOf(QLatin1Char(':'));
    if (colon > name.lastIndexOf(QLatin1Char('/')))
        name.truncate(colon);
    return name;
}

QString imagePathWithoutRegistry(const QString& image) {
    QString path = imageWithoutTag(image);
    const QString first = path.section(QLatin1Char('/'), 0, 0);
    if (path.contains(QLatin1Char('/')) &&
        (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) ||
         first == u"localhost"))
        path = path.section(QLatin1Char('/'), 1);
    if (path.startsWith(QLatin1String("library/")))
        path = path.mid(8);
    return path;
}

} // namespace fd::core
