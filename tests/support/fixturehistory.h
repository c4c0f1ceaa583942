#pragma once

#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::testsupport {

/** One entry of a fixture's tag-history.json: who set which tag in which environment. */
struct TagEvent final {
    QString commit;
    QString author;
    QDateTime date;
    QString subject;
    QString environment;
    QString service;
    /** The YAML value as written (quotes removed); empty when the file had no image.tag. */
    QString tag;
};

/**
 * A fixture repository turned into a real Git repository, with its history where the fixture
 * records one: the microservice-helmcharts fixture's tag-history.json is replayed as commits
 * with their authors, dates and subjects, so that history and authors are real.
 */
class FixtureHistory final {
public:
    /** The fixture folder of @p name under ../shared/fixtures. */
    static QString fixtureFolder(const QString& name);
    /** The events of @p name's tag-history.json, in history order. */
    static fd::core::Result<QList<TagEvent>> tagEvents(const QString& name);
    /**
     * A repository at @p workTree (created) on branch main: one commit with the fixture's files
     * (values files without image.tag), then one commit per tag-history commit setting the tags
     * it set, authored as recorded ("Kargo <no-reply@kargo.io>" for the controller). The last
     * commit's files equal the fixture's. Returns the tip commit id.
     */
    static fd::core::Result<QString> replay(const QString& name, const QString& workTree);
    /** The author e-mail used for @p author of a tag event. */
    static QString emailOf(const QString& author);
};

} // namespace fd::testsupport
