#pragma once

#include <QString>

#include <optional>

class QMimeData;

namespace fd::ui {

/** A freight being dragged onto a stage: which service's, which one. */
struct FreightDrag final {
    QString service;
    QString freightId;

    /** Freightdesk's own MIME type; the text is the freight ID too, for other programs. */
    static QString mimeType();
    QMimeData* toMimeData() const;
    /** The freight @p data carries; none when it carries no freight of ours. */
    static std::optional<FreightDrag> from(const QMimeData* data);
};

} // namespace fd::ui
