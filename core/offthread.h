#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace fd::core {

/**
 * Runs @p work on a thread of @p pool (the global pool when null) and hands its result to
 * @p then on @p context's thread; not at all when @p context is deleted first (the watcher is its
 * child).
 */
template <typename Work, typename Then>
void offThread(QObject* context, Work work, Then then, QThreadPool* pool = nullptr) {
    using Value = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<Value>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, then] {
        watcher->deleteLater();
        then(watcher->result());
    });
    watcher->setFuture(pool ? QtConcurrent::run(pool, std::move(work))
                            : QtConcurrent::run(std::move(work)));
}

} // namespace fd::core
