package io.inferstream.model;

import java.nio.file.Path;

/**
 * What {@link DemoModels#build(Path, long)} produced for one version, with its quality on held-out
 * synthetic data next to the ground truth's own (the best any model can do).
 *
 * @param model model name
 * @param version version number
 * @param path the version folder
 * @param regime data regime trained and evaluated on
 * @param hiddenUnits hidden layer width
 * @param trainingRows training examples
 * @param steps optimisation steps (full-batch Adam)
 * @param finalTrainingLoss training log loss at the last step
 * @param heldOutAuc AUC of the exported model on held-out data
 * @param heldOutLogLoss log loss of the exported model on held-out data
 * @param oracleAuc AUC of the generator's true probabilities on the same data
 * @param oracleLogLoss log loss of the generator's true probabilities on the same data
 */
public record DemoModelReport(
    String model,
    long version,
    Path path,
    SyntheticCtr.Regime regime,
    int hiddenUnits,
    int trainingRows,
    int steps,
    double finalTrainingLoss,
    double heldOutAuc,
    double heldOutLogLoss,
    double oracleAuc,
    double oracleLogLoss) {}
