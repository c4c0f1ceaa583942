#pragma once

#include "pipelinegraphlayout.h"

#include <QColor>
#include <QIcon>
#include <QWidget>

namespace fd::core {
struct Pipeline;
struct ServiceState;
} // namespace fd::core

namespace fd::ui {

/**
 * One service's stages as a graph: a box per stage (name, current freight, held or blocked,
 * auto-promotion; a strip of the stage's Kargo colour) in layers by depth, arrows from upstream
 * to downstream. Clicking a box selects its stage; dropping a freight of the service on it asks
 * for that promotion.
 */
class PipelineGraphView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PipelineGraphView)

public:
    explicit PipelineGraphView(QWidget* parent = nullptr);

    /** Shows @p service's stages; null: a hint to pick a service. The selection is kept. */
    void setService(const core::ServiceState* service, const core::Pipeline& pipeline);
    void setSelectedStage(const QString& stage);
    const QString& selectedStage() const { return m_selected; }

    const GraphLayout& graphLayout() const { return m_layout; }
    /** Where @p stage's box is drawn; empty when it has none. */
    QRect nodeRect(const QString& stage) const;
    /** The lines a box shows, for tests and accessibility. */
    QStringList nodeLines(const QString& stage) const;

    QSize sizeHint() const override;

Q_SIGNALS:
    /** A person clicked @p stage's box. */
    void stageSelected(const QString& stage);
    /** A freight of this service was dropped on @p stage's box. */
    void promotionDropped(const QString& freightId, const QString& stage);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Node final {
        QString name;
        QString version;
        /** Why it takes no promotion (held, frozen); empty when it does. */
        QString blocked;
        bool held = false;
        bool autoPromotion = false;
        QColor color;
    };

    QRect rectAt(const GraphNode& node) const;
    /** The stage whose box holds @p point; empty when none does. */
    QString stageAt(QPoint point) const;
    void paintNode(QPainter& painter, int index) const;
    /** The stage a drop at @p point would promote into; empty when it is refused. */
    QString dropTarget(const QDropEvent* event) const;

    const QIcon m_heldIcon;
    const QIcon m_frozenIcon;
    QString m_service;
    QList<Node> m_nodes;
    GraphLayout m_layout;
    QString m_selected;
    QString m_hint;
};

} // namespace fd::ui
