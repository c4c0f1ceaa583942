#include "pipelinegraphview.h"

#include "freightdrag.h"
#include "freighttext.h"
#include "repositorystate.h"

#include <QDropEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>

namespace fd::ui {

namespace {

constexpr int Margin = 16;
constexpr int NodeWidth = 200;
constexpr int LayerGap = 56;
constexpr int SlotGap = 20;
constexpr int Strip = 6;

/** An arrow head at @p tip pointing along @p from → @p tip. */
QPolygonF arrowHead(QPointF from, QPointF tip, double size) {
    const double angle = std::atan2(tip.y() - from.y(), tip.x() - from.x());
    const auto corner = [&](double turn) {
        return tip - QPointF(std::cos(angle + turn), std::sin(angle + turn)) * size;
    };
    return QPolygonF({tip, corner(0.45), corner(-0.45)});
}

} // namespace

PipelineGraphView::PipelineGraphView(QWidget* parent)
    : QWidget(parent)
    , m_heldIcon(QStringLiteral(":/freightdesk/icons/held.svg"))
    , m_frozenIcon(QStringLiteral(":/freightdesk/icons/frozen.svg")) {
    initUiResources();
    setAccessibleName(tr("Pipeline graph"));
    setMouseTracking(false);
    setAcceptDrops(true);
    m_hint = tr("Select a service to see its pipeline.");
}

void PipelineGraphView::setService(const core::ServiceState* service,
                                   const core::Pipeline& pipeline) {
    m_nodes.clear();
    m_service = service ? service->service : QString();
    QList<GraphStage> stages;
    if (service) {
        for (int index = 0; index < service->stages.size(); ++index) {
            const QString& name = service->stages[index];
            const core::PipelineStage* stage = pipeline.stage(name);
            const core::StageSummary* summary =
                index < service->summaries.size() ? &service->summaries[index] : nullptr;
            Node node{name,
                      {},
                      {},
                      false,
                      stage && stage->policy.autoPromotion,
                      QColor::fromString(service->stageColors.value(index))};
            if (summary) {
                node.version = summary->freightIndex >= 0
                                   ? freightLabel(service->freight[summary->freightIndex])
                                   : summary->version;
                node.blocked = summary->blocked;
                node.held = summary->hold.has_value();
            }
            m_nodes.append(node);
            stages.append({name, stage ? stage->upstream : QStringList()});
        }
    }
    m_layout = layoutPipelineGraph(stages);
    m_hint = service ? QString() : tr("Select a service to see its pipeline.");
    // In a scroll area: scroll bars rather than boxes squeezed over each other.
    setMinimumSize(sizeHint());
    updateGeometry();
    update();
}

void PipelineGraphView::setSelectedStage(const QString& stage) {
    if (m_selected == stage)
        return;
    m_selected = stage;
    update();
}

QRect PipelineGraphView::rectAt(const GraphNode& node) const {
    const int height = fontMetrics().lineSpacing() * 3 + 12;
    return {Margin + node.layer * (NodeWidth + LayerGap), Margin + node.slot * (height + SlotGap),
            NodeWidth, height};
}

QRect PipelineGraphView::nodeRect(const QString& stage) const {
    const int index = m_layout.indexOf(stage);
    return index < 0 ? QRect() : rectAt(m_layout.nodes[index]);
}

QStringList PipelineGraphView::nodeLines(const QString& stage) const {
    const int index = m_layout.indexOf(stage);
    if (index < 0)
        return {};
    const Node& node = m_nodes[index];
    QStringList status;
    if (!node.blocked.isEmpty())
        status.append(node.held ? tr("held") : tr("frozen"));
    if (node.autoPromotion)
        status.append(tr("auto-promotion"));
    return {node.name, node.version.isEmpty() ? tr("no version") : node.version,
            status.join(QStringLiteral(" · "))};
}

QSize PipelineGraphView::sizeHint() const {
    if (m_layout.nodes.isEmpty())
        return {NodeWidth + 2 * Margin, 80};
    const QRect last = rectAt({QString(), m_layout.layers - 1, m_layout.slots - 1});
    return {last.right() + Margin, last.bottom() + Margin};
}

void PipelineGraphView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (!m_hint.isEmpty()) {
        painter.drawText(rect().adjusted(Margin, Margin, -Margin, -Margin),
                         Qt::AlignLeft | Qt::AlignTop, m_hint);
        return;
    }
    painter.setPen(QPen(palette().color(QPalette::WindowText), 1.5));
    painter.setBrush(palette().color(QPalette::WindowText));
    for (const GraphEdge& edge : m_layout.edges) {
        const QRect from = rectAt(m_layout.nodes[edge.from]);
        const QRect to = rectAt(m_layout.nodes[edge.to]);
        const QPointF start(from.right(), from.center().y());
        const QPointF end(to.left(), to.center().y());
        QPainterPath path(start);
        const double bend = std::max(20.0, (end.x() - start.x()) / 2);
        path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end);
        painter.strokePath(path, painter.pen());
        painter.drawPolygon(arrowHead(end - QPointF(bend, 0), end, 8));
    }
    for (int index = 0; index < m_nodes.size(); ++index)
        paintNode(painter, index);
}

void PipelineGraphView::paintNode(QPainter& painter, int index) const {
    const Node& node = m_nodes[index];
    const QRect box = rectAt(m_layout.nodes[index]);
    const bool selected = node.name == m_selected;
    painter.setPen(
        QPen(palette().color(selected ? QPalette::Highlight : QPalette::Mid), selected ? 3 : 1));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(box, 6, 6);
    if (node.color.isValid())
        painter.fillRect(QRect(box.left() + 1, box.top() + 4, Strip, box.height() - 8), node.color);

    const QStringList lines = nodeLines(node.name);
    const int line = fontMetrics().lineSpacing();
    QRect text = box.adjusted(Strip + 8, 6, -6, -6);
    painter.setPen(palette().color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop,
                     fontMetrics().elidedText(lines[0], Qt::ElideRight, text.width()));
    painter.setFont(font());
    text.setTop(text.top() + line);
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop,
                     fontMetrics().elidedText(lines[1], Qt::ElideRight, text.width()));
    text.setTop(text.top() + line);
    if (!node.blocked.isEmpty()) {
        const QIcon& icon = node.held ? m_heldIcon : m_frozenIcon;
        icon.paint(&painter, QRect(text.left(), text.top(), line, line));
        text.setLeft(text.left() + line + 4);
    }
    painter.drawText(text, Qt::AlignLeft | Qt::AlignTop,
                     fontMetrics().elidedText(lines[2], Qt::ElideRight, text.width()));
}

QString PipelineGraphView::stageAt(QPoint point) const {
    for (const GraphNode& node : m_layout.nodes) {
        if (rectAt(node).contains(point))
            return node.stage;
    }
    return {};
}

bool PipelineGraphView::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const int index = m_layout.indexOf(stageAt(help->pos()));
    if (index < 0 || m_nodes[index].blocked.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    QToolTip::showText(help->globalPos(), m_nodes[index].blocked, this);
    return true;
}

void PipelineGraphView::mousePressEvent(QMouseEvent* event) {
    const QString stage = stageAt(event->position().toPoint());
    if (stage.isEmpty()) {
        QWidget::mousePressEvent(event);
        return;
    }
    setSelectedStage(stage);
    Q_EMIT stageSelected(stage);
}

QString PipelineGraphView::dropTarget(const QDropEvent* event) const {
    const std::optional<FreightDrag> drag = FreightDrag::from(event->mimeData());
    if (!drag || drag->service != m_service)
        return {};
    return stageAt(event->position().toPoint());
}

void PipelineGraphView::dragEnterEvent(QDragEnterEvent* event) {
    // Accepted anywhere over the graph; each move says whether the box under it takes it.
    if (FreightDrag::from(event->mimeData()))
        event->acceptProposedAction();
}

void PipelineGraphView::dragMoveEvent(QDragMoveEvent* event) {
    if (dropTarget(event).isEmpty())
        event->ignore();
    else
        event->acceptProposedAction();
}

void PipelineGraphView::dropEvent(QDropEvent* event) {
    const QString stage = dropTarget(event);
    if (stage.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    Q_EMIT promotionDropped(FreightDrag::from(event->mimeData())->freightId, stage);
}

} // namespace fd::ui
