"""torch's error messages that more than one module raises, by name.

Tests and docs refer to these by name (``errors.LEAF_INPLACE``); each text is torch 2.13's, word
for word, sometimes followed by a sentence of ember's saying what to do. The message that
stands on its own in one place stays there (``FREED_MESSAGE`` in ``_graph.py``, the version
error in ``ops/_op.py``).
"""

LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."


VIEW_OF_LEAF_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."


INFERENCE_INPLACE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone "
                     "to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 "
                     "for more details.")


INFERENCE_SAVED = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference "
                   "mode in computation tracked by autograd. To work around this, you can make a clone to get a normal "
                   "tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")


OVERLAP_INPUT = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                 "single memory location. Please clone() the tensor before performing the operation.")


OVERLAP_SELF = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                "location. Please clone() the tensor before performing the operation.")


def broadcast_error(sa: tuple, sb: tuple) -> RuntimeError:
    """torch's message for shapes that do not broadcast."""
    na, nb = len(sa), len(sb)
    n = max(na, nb)
    for i in range(1, n + 1):
        x = sa[-i] if i <= na else 1
        y = sb[-i] if i <= nb else 1
        if x != y and x != 1 and y != 1:
            return RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                                f"non-singleton dimension {n - i}")
    return RuntimeError(f"shapes {list(sa)} and {list(sb)} cannot be broadcast")
