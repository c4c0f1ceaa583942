#include "pipelinegraphlayout.h"

#include <QHash>

#include <algorithm>

namespace fd::ui {

int GraphLayout::indexOf(const QString& stage) const {
    for (int index = 0; index < nodes.size(); ++index) {
        if (nodes[index].stage == stage)
            return index;
    }
    return -1;
}

namespace {

/** Longest-path depths by relaxation, at most one round per stage so a cycle ends too. */
QList<int> depths(int count, const QList<GraphEdge>& edges) {
    QList<int> depth(count, 0);
    for (int round = 0; round < count; ++round) {
        bool changed = false;
        for (const GraphEdge& edge : edges) {
            if (depth[edge.to] < depth[edge.from] + 1 && depth[edge.from] + 1 < count) {
                depth[edge.to] = depth[edge.from] + 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return depth;
}

} // namespace

GraphLayout layoutPipelineGraph(const QList<GraphStage>& stages) {
    GraphLayout layout;
    QHash<QString, int> indexes;
    for (const GraphStage& stage : stages) {
        indexes.insert(stage.name, int(layout.nodes.size()));
        layout.nodes.append({stage.name, 0, 0});
    }
    for (int to = 0; to < stages.size(); ++to) {
        for (const QString& upstream : stages[to].upstream) {
            const int from = indexes.value(upstream, -1);
            if (from >= 0 && from != to)
                layout.edges.append({from, to});
        }
    }
    const QList<int> depth = depths(int(stages.size()), layout.edges);
    for (int index = 0; index < layout.nodes.size(); ++index) {
        layout.nodes[index].layer = depth[index];
        layout.layers = std::max(layout.layers, depth[index] + 1);
    }

    // Layer by layer: order by the mean slot of upstream nodes in earlier layers.
    for (int layer = 0; layer < layout.layers; ++layer) {
        QList<std::pair<double, int>> order;
        for (int index = 0; index < layout.nodes.size(); ++index) {
            if (layout.nodes[index].layer != layer)
                continue;
            double sum = 0;
            int count = 0;
            for (const GraphEdge& edge : layout.edges) {
                if (edge.to == index && layout.nodes[edge.from].layer < layer) {
                    sum += layout.nodes[edge.from].slot;
                    ++count;
                }
            }
            order.append({count > 0 ? sum / count : -1.0, index});
        }
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (int slot = 0; slot < order.size(); ++slot)
            layout.nodes[order[slot].second].slot = slot;
        layout.slots = std::max(layout.slots, int(order.size()));
    }
    return layout;
}

} // namespace fd::ui
