#include "gitparallelwalk.h"

#include "gitcommitdiffer.h"
#include "githandles.h"
#include "gitsupport.h"

#include <QFile>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace fd::core {

namespace {

constexpr size_t blockSize = 64;
// Below this many commits one thread is faster: each worker opens the repository afresh.
constexpr size_t parallelFrom = 16 * blockSize;
constexpr unsigned maximumWorkers = 4;
constexpr size_t blocksAheadPerWorker = 4;

Result<void> walkOnOneThread(git_repository* repository, const std::vector<git_oid>& ids,
                             const QList<QByteArray>& prefixes, const GitWalkOptions& options,
                             const GitWalkVisitor& visit) {
    GitCommitDiffer differ(repository, prefixes, options);
    for (const git_oid& id : ids) {
        auto step = differ.step(id);
        if (!step)
            return std::move(step).error();
        if (*step && !visit((*step)->commit, (*step)->changes))
            return {};
    }
    return {};
}

unsigned workerCount(size_t commits) {
    if (commits < parallelFrom || !(git_libgit2_features() & GIT_FEATURE_THREADS))
        return 0;
    return std::clamp(std::thread::hardware_concurrency(), 0u, maximumWorkers);
}

struct Block final {
    bool done = false;
    std::optional<Error> error;
    std::vector<GitWalkStep> steps;
};

/** The blocks, who takes the next one, and how far the caller has visited. */
class BlockQueue final {
public:
    BlockQueue(size_t blocks, size_t ahead)
        : m_blocks(blocks)
        , m_ahead(ahead) {}

    /** The next block to read, or nothing when all are taken or the walk stopped. */
    std::optional<size_t> take() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] {
            return m_stopped || m_next >= m_blocks.size() || m_next < m_visited + m_ahead;
        });
        if (m_stopped || m_next >= m_blocks.size())
            return std::nullopt;
        return m_next++;
    }

    void finish(size_t index, Block block) {
        {
            const std::lock_guard lock(m_mutex);
            block.done = true;
            m_blocks[index] = std::move(block);
        }
        m_changed.notify_all();
    }

    /** Waits for block @p index and hands it over; the workers may then read further ahead. */
    Block await(size_t index) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_blocks[index].done; });
        Block block = std::move(m_blocks[index]);
        m_visited = index + 1;
        lock.unlock();
        m_changed.notify_all();
        return block;
    }

    void stop() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
    }

    size_t size() const { return m_blocks.size(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Block> m_blocks;
    size_t m_ahead;
    size_t m_next = 0;
    size_t m_visited = 0;
    bool m_stopped = false;
};

Block readBlock(GitCommitDiffer& differ, const std::vector<git_oid>& ids, size_t index) {
    Block block;
    const size_t end = std::min(ids.size(), (index + 1) * blockSize);
    for (size_t i = index * blockSize; i < end; ++i) {
        auto step = differ.step(ids[i]);
        if (!step) {
            block.error = std::move(step).error();
            break;
        }
        if (*step)
            block.steps.push_back(std::move(**step));
    }
    return block;
}

/** Stops and joins the workers however the caller leaves. */
class Workers final {
public:
    explicit Workers(BlockQueue& queue)
        : m_queue(queue) {}
    ~Workers() {
        m_queue.stop();
        for (std::thread& thread : m_threads)
            thread.join();
    }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    void start(GitRepositoryHandle repository, const std::vector<git_oid>& ids,
               const QList<QByteArray>& prefixes, const GitWalkOptions& options) {
        m_threads.emplace_back(
            [this, repository = std::move(repository), &ids, prefixes, options]() mutable {
                GitCommitDiffer differ(repository.get(), prefixes, options);
                while (const auto index = m_queue.take())
                    m_queue.finish(*index, readBlock(differ, ids, *index));
            });
    }

private:
    BlockQueue& m_queue;
    std::vector<std::thread> m_threads;
};

Result<GitRepositoryHandle> openAgain(const QString& gitDirectory) {
    git_repository* raw = nullptr;
    const QByteArray path = QFile::encodeName(gitDirectory);
    const int rc =
        git_repository_open_ext(&raw, path.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    GitRepositoryHandle repository(raw);
    if (rc < 0)
        return gitFailureError(QStringLiteral("could not open the repository"), rc, gitDirectory);
    return repository;
}

} // namespace

Result<void> walkCommits(git_repository* repository, const QString& gitDirectory,
                         const std::vector<git_oid>& ids, const QList<QByteArray>& prefixes,
                         const GitWalkOptions& options, const GitWalkVisitor& visit) {
    const unsigned workers = workerCount(ids.size());
    if (workers < 2)
        return walkOnOneThread(repository, ids, prefixes, options, visit);

    // Opened here, before any thread starts, so that a failure is an error like any other.
    std::vector<GitRepositoryHandle> handles;
    for (unsigned i = 0; i < workers; ++i) {
        auto handle = openAgain(gitDirectory);
        if (!handle)
            return std::move(handle).error();
        handles.push_back(std::move(*handle));
    }
    BlockQueue queue((ids.size() + blockSize - 1) / blockSize, workers * blocksAheadPerWorker);
    Workers threads(queue);
    for (GitRepositoryHandle& handle : handles)
        threads.start(std::move(handle), ids, prefixes, options);
    for (size_t index = 0; index < queue.size(); ++index) {
        const Block block = queue.await(index);
        for (const GitWalkStep& step : block.steps) {
            if (!visit(step.commit, step.changes))
                return {};
        }
        if (block.error)
            return *block.error;
    }
    return {};
}

} // namespace fd::core
