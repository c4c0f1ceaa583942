#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::ui {

/** A stage as the graph needs it: its name and the stages it takes freight from. */
struct GraphStage final {
    QString name;
    QStringList upstream;
};

/** Where a stage is drawn: its layer (column, by depth) and its place within the layer. */
struct GraphNode final {
    QString stage;
    int layer = 0;
    int slot = 0;
};

/** An arrow from an upstream stage to a downstream one, as indexes into the nodes. */
struct GraphEdge final {
    int from = 0;
    int to = 0;
};

/** The nodes in the stages' order, the edges, and the grid they occupy. */
struct GraphLayout final {
    QList<GraphNode> nodes;
    QList<GraphEdge> edges;
    int layers = 0;
    /** The most nodes in one layer. */
    int slots = 0;

    /** The index of @p stage's node; -1 when it has none. */
    int indexOf(const QString& stage) const;
};

/**
 * Lays out a stage graph in layers: a stage's layer is one more than its deepest upstream
 * stage's, so every arrow points to a later layer; within a layer stages sit near the average
 * place of their upstream stages (fewer crossings, not none), else in the given order. Upstream
 * names not among @p stages are ignored. A cycle (discovery rejects them) cannot hang it: depths
 * stop growing after as many rounds as there are stages, and the arrows on the cycle point back.
 */
GraphLayout layoutPipelineGraph(const QList<GraphStage>& stages);

} // namespace fd::ui
