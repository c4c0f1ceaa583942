#include "csvwriter.h"

#include <QSaveFile>

namespace fd::ui {

namespace {

bool looksLikeFormula(const QString& field) {
    if (field.isEmpty())
        return false;
    const QChar first = field.front();
    return first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' ||
           first == u'\r';
}

} // namespace

QString csvField(const QString& field) {
    QString text = looksLikeFormula(field) ? QLatin1Char('\'') + field : field;
    const bool quoted =
        text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (!quoted)
        return text;
    text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString csvRecord(const QStringList& fields) {
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString& field : fields)
        quoted.append(csvField(field));
    return quoted.join(QLatin1Char(','));
}

QByteArray csvDocument(const QList<QStringList>& records) {
    QByteArray bytes;
    for (const QStringList& record : records) {
        bytes += csvRecord(record).toUtf8();
        bytes += "\r\n";
    }
    return bytes;
}

core::Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return core::Error{core::Error::Kind::Io,
                           QStringLiteral("Cannot write the file: %1").arg(file.errorString()),
                           path};
    if (file.write(bytes) != bytes.size() || !file.commit())
        return core::Error{core::Error::Kind::Io,
                           QStringLiteral("Cannot write the file: %1").arg(file.errorString()),
                           path};
    return {};
}

} // namespace fd::ui
