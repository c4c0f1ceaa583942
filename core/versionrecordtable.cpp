#include "versionrecordtable.h"

#include <QHash>

#include <array>

namespace fd::core {

namespace {

constexpr int stringFields = 9;

std::array<const QString*, stringFields> fieldsOf(const VersionRecord& r) {
    return {&r.stage,  &r.service, &r.environment, &r.version, &r.file,
            &r.commit, &r.author,  &r.authorEmail, &r.summary};
}

std::array<QString*, stringFields> fieldsOf(VersionRecord& r) {
    return {&r.stage,  &r.service, &r.environment, &r.version, &r.file,
            &r.commit, &r.author,  &r.authorEmail, &r.summary};
}

} // namespace

void VersionRecordTable::write(QDataStream& out, const QList<QList<VersionRecord>>& lists) {
    QHash<QString, quint32> index;
    QStringList strings;
    const auto intern = [&](const QString& text) {
        const auto found = index.constFind(text);
        if (found != index.constEnd())
            return *found;
        const auto id = quint32(strings.size());
        index.insert(text, id);
        strings.append(text);
        return id;
    };
    QList<quint32> ids;
    for (const QList<VersionRecord>& list : lists) {
        for (const VersionRecord& record : list) {
            for (const QString* field : fieldsOf(record))
                ids.append(intern(*field));
        }
    }
    out << strings << quint32(lists.size());
    qsizetype next = 0;
    for (const QList<VersionRecord>& list : lists) {
        out << quint32(list.size());
        for (const VersionRecord& record : list) {
            for (int f = 0; f < stringFields; ++f)
                out << ids.at(next++);
            const bool dated = record.date.isValid();
            out << dated << qint64(dated ? record.date.toSecsSinceEpoch() : 0)
                << qint32(dated ? record.date.offsetFromUtc() : 0);
        }
    }
}

bool VersionRecordTable::read(QDataStream& in, QList<QList<VersionRecord>>& lists) {
    QStringList strings;
    quint32 count = 0;
    in >> strings >> count;
    if (in.status() != QDataStream::Ok)
        return false;
    lists.clear();
    for (quint32 l = 0; l < count && in.status() == QDataStream::Ok; ++l) {
        quint32 size = 0;
        in >> size;
        QList<VersionRecord> list;
        for (quint32 i = 0; i < size && in.status() == QDataStream::Ok; ++i) {
            VersionRecord record;
            for (QString* field : fieldsOf(record)) {
                quint32 id = 0;
                in >> id;
                if (id >= quint32(strings.size()))
                    return false;
                *field = strings.at(id);
            }
            bool dated = false;
            qint64 seconds = 0;
            qint32 offset = 0;
            in >> dated >> seconds >> offset;
            if (dated)
                record.date = QDateTime::fromSecsSinceEpoch(seconds, Qt::OffsetFromUTC, offset);
            list.append(std::move(record));
        }
        lists.append(std::move(list));
    }
    return in.status() == QDataStream::Ok;
}

} // namespace fd::core
