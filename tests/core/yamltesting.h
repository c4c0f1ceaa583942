#pragma once

#include "yamldocument.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

Q_DECLARE_METATYPE(fd::core::Error::Kind)
Q_DECLARE_METATYPE(fd::core::KustomizeField)

namespace fd::test {

inline const QString FileName = QStringLiteral("f.yaml");

/** The error of a failed result, for QVERIFY2 (which evaluates its message even on success). */
template <typename R> QByteArray errorOf(const R& result) {
    return result ? QByteArray() : result.error().toString().toUtf8();
}

inline core::YamlDocument parsed(const QByteArray& bytes) {
    auto document = core::YamlDocument::parse(bytes, FileName);
    if (!document)
        qFatal("unexpected parse error: %s", errorOf(document).constData());
    return *document;
}

} // namespace fd::test
