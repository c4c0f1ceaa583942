#include "trainplan.h"

#include <algorithm>

namespace fd::core {

QStringList TrainCar::versions() const {
    QStringList values;
    for (const ValueEdit& edit : edits)
        values.append(edit.value);
    values.removeDuplicates();
    return values;
}

QString TrainCar::actionName() const {
    switch (action) {
    case Action::Promote:
        return QStringLiteral("promote");
    case Action::Skip:
        return QStringLiteral("skip");
    case Action::Refuse:
        break;
    }
    return QStringLiteral("refuse");
}

bool TrainPlan::refused() const {
    return std::any_of(cars.cbegin(), cars.cend(),
                       [](const TrainCar& car) { return car.action == TrainCar::Action::Refuse; });
}

QList<TrainCar> TrainPlan::moving() const {
    QList<TrainCar> result;
    std::copy_if(cars.cbegin(), cars.cend(), std::back_inserter(result),
                 [](const TrainCar& car) { return car.action == TrainCar::Action::Promote; });
    return result;
}

QList<ValueEdit> TrainPlan::edits() const {
    QList<ValueEdit> result;
    for (const TrainCar& car : moving())
        result.append(car.edits);
    return result;
}

QString TrainPlan::refusals() const {
    QStringList lines;
    for (const TrainCar& car : cars) {
        if (car.action == TrainCar::Action::Refuse)
            lines.append(QStringLiteral("%1 (%2): %3").arg(car.service, car.stage, car.reason));
    }
    return lines.join(QLatin1Char('\n'));
}

PushRequest TrainPlan::request(const QString& defaultBranch) const {
    PushRequest request;
    request.branch = branch.isEmpty() ? defaultBranch : branch;
    request.edits = edits();
    QStringList subject;
    QString body;
    request.trailers.append({QStringLiteral("Freightdesk-Train"), environment});
    for (const TrainCar& car : moving()) {
        const QString versions = car.versions().join(QStringLiteral(", "));
        subject.append(car.service + QLatin1Char(' ') + versions);
        body += QStringLiteral("\n- %1 %2 (%3) into %4, from %5")
                    .arg(car.service, versions, car.freight->alias, car.stage,
                         car.from.join(QStringLiteral(", ")));
        request.trailers.append({QStringLiteral("Freightdesk-Freight"), car.freight->id});
        request.trailers.append({QStringLiteral("Freightdesk-Freight-Alias"), car.freight->alias});
        request.trailers.append({QStringLiteral("Freightdesk-Stage"), car.stage});
        for (const QString& approver : car.approvers)
            request.trailers.append({QStringLiteral("Freightdesk-Approved-By"), approver});
    }
    request.message = QStringLiteral("Promote to %1: %2\n%3")
                          .arg(environment, subject.join(QStringLiteral(", ")), body);
    return request;
}

} // namespace fd::core
