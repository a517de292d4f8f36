"""The measure classifier: labels of the taxonomy for every item of a notice.

| module | what it holds | imports scikit-learn |
|---|---|---|
| `taxonomy` | label ids, names, cue words, lead-clause cues; JSON and Markdown readers | no |
| `features` | `Example` and `read_terms`, the one featurizer of training and prediction; `Featurizer` counts terms over a vocabulary | no |
| `model` | `RulesClassifier`, `LinearClassifier` (numpy, plain arrays), load and save; both meet `notice_miner.model.Classifier` | no |
| `data` | training files, gold folders and parsed outputs read into examples | no |
| `evaluate` | label metrics, reliability of scores (sklearn.metrics, calibration_curve) | yes |
| `train` | fitting, held-out folds, export to arrays | yes |
| `suggest` | the measures the model is least sure about | no |
| `card` | the model card written beside a trained model | no |

This package exports what `parse` needs; `train` and `evaluate` are imported by name where they
are used, so parsing never loads scikit-learn.
"""

from notice_miner.classify.data import read_examples, read_gold_dir, read_outputs
from notice_miner.classify.features import Example, Featurizer, item_example, measure_terms, notice_examples, read_terms
from notice_miner.classify.model import LinearClassifier, RulesClassifier, default_classifier, load_classifier, rank_labels
from notice_miner.classify.taxonomy import TAXONOMY_FILE, Category, Taxonomy, default_taxonomy, load_taxonomy, taxonomy_from_dict
from notice_miner.model import Classifier  # the protocol lives in the data model; re-exported here

__all__ = [
    "TAXONOMY_FILE",
    "Category",
    "Classifier",
    "Example",
    "LinearClassifier",
    "RulesClassifier",
    "Taxonomy",
    "default_classifier",
    "default_taxonomy",
    "item_example",
    "load_classifier",
    "load_taxonomy",
    "Featurizer",
    "measure_terms",
    "notice_examples",
    "read_terms",
    "rank_labels",
    "read_examples",
    "read_gold_dir",
    "read_outputs",
    "taxonomy_from_dict",
]
