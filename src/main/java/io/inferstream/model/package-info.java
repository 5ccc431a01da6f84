/**
 * All TensorFlow code of Inferstream: the only package allowed to import {@code org.tensorflow}.
 *
 * <p>Everything public here is TensorFlow-free, so the topologies depend on plain Java types:
 *
 * <ul>
 *   <li>{@link io.inferstream.model.ModelRepository} scans a TensorFlow Serving style repository
 *       ({@code <root>/<model>/<version>/}) and, with a {@link io.inferstream.model.VersionPolicy},
 *       says which {@link io.inferstream.model.ModelVersion}s to serve.
 *   <li>{@link io.inferstream.model.ModelLoader} turns a version into a {@link
 *       io.inferstream.model.LoadedModel} (or a checked {@link io.inferstream.model.ModelLoadException}).
 *   <li>{@link io.inferstream.model.Scorer} (implemented by {@code LoadedModel}) scores a {@link
 *       io.inferstream.model.BatchInput} of flat {@link io.inferstream.model.Column}s into a {@link
 *       io.inferstream.model.BatchOutput}, failing with a coded {@link
 *       io.inferstream.model.ScoringException}.
 *   <li>{@link io.inferstream.model.DemoModels} trains and exports the demo click-through model with
 *       its {@link io.inferstream.model.ReferenceProfile} for drift monitoring.
 * </ul>
 */
package io.inferstream.model;
