"""torch's Python signatures of the C++ entry points behind ``torch.nn.functional`` (``torch.conv2d``,
``torch._C._nn.avg_pool2d``, ``torch.max_pool2d_with_indices`` ...), in the form of ``_signatures``
(name -> (the function's signatures, the method's)); read by ``_parser.torch_args(..., table=NN_SIGNATURES)``
through ``ember/nn/_functional_args.py``. Written from torch's schemas (``int[2] stride=[]`` is
``IntArrayRef[2] stride=None`` to its parser). Data only."""

NN_SIGNATURES = {
    'adaptive_avg_pool1d': ((
        'adaptive_avg_pool1d(Tensor input, IntArrayRef[1] output_size)',
    ), ()),
    'adaptive_max_pool1d': ((
        'adaptive_max_pool1d(Tensor input, IntArrayRef[1] output_size)',
    ), ()),
    'adaptive_max_pool2d': ((
        'adaptive_max_pool2d(Tensor input, IntArrayRef[2] output_size, *, TensorList[2] out=None)',
    ), ()),
    'adaptive_max_pool3d': ((
        'adaptive_max_pool3d(Tensor input, IntArrayRef[3] output_size, *, TensorList[2] out=None)',
    ), ()),
    'avg_pool1d': ((
        'avg_pool1d(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, '
        'IntArrayRef[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
    ), ()),
    'avg_pool2d': ((
        'avg_pool2d(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, '
        'IntArrayRef[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, '
        'int64_t? divisor_override=None, *, Tensor out=None)',
    ), ()),
    'avg_pool3d': ((
        'avg_pool3d(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, '
        'IntArrayRef[3] padding=0, bool ceil_mode=False, bool count_include_pad=True, '
        'int64_t? divisor_override=None, *, Tensor out=None)',
    ), ()),
    'batch_norm': ((
        'batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, '
        'bool training, double momentum, double eps, bool cudnn_enabled)',
    ), ()),
    'bilinear': ((
        'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
    ), ()),
    'channel_shuffle': ((
        'channel_shuffle(Tensor input, SymInt groups)',
    ), ()),
    'conv1d': ((
        'conv1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, '
        'SymIntArrayRef[1] padding=0, SymIntArrayRef[1] dilation=1, SymInt groups=1)',
        'conv1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, '
        'c10::string_view padding="valid", SymIntArrayRef[1] dilation=1, SymInt groups=1)',
    ), ()),
    'conv2d': ((
        'conv2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, '
        'SymIntArrayRef[2] padding=0, SymIntArrayRef[2] dilation=1, SymInt groups=1)',
        'conv2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, '
        'c10::string_view padding="valid", SymIntArrayRef[2] dilation=1, SymInt groups=1)',
    ), ()),
    'conv3d': ((
        'conv3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, '
        'SymIntArrayRef[3] padding=0, SymIntArrayRef[3] dilation=1, SymInt groups=1)',
        'conv3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, '
        'c10::string_view padding="valid", SymIntArrayRef[3] dilation=1, SymInt groups=1)',
    ), ()),
    'conv_transpose1d': ((
        'conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, '
        'SymIntArrayRef[1] padding=0, SymIntArrayRef[1] output_padding=0, SymInt groups=1, '
        'SymIntArrayRef[1] dilation=1)',
    ), ()),
    'conv_transpose2d': ((
        'conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, '
        'SymIntArrayRef[2] padding=0, SymIntArrayRef[2] output_padding=0, SymInt groups=1, '
        'SymIntArrayRef[2] dilation=1)',
    ), ()),
    'conv_transpose3d': ((
        'conv_transpose3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, '
        'SymIntArrayRef[3] padding=0, SymIntArrayRef[3] output_padding=0, SymInt groups=1, '
        'SymIntArrayRef[3] dilation=1)',
    ), ()),
    'elu_': ((
        'elu_(Tensor input, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1)',
    ), ()),
    'embedding': ((
        'embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, '
        'bool sparse=False)',
    ), ()),
    'col2im': ((
        'col2im(Tensor input, SymIntArrayRef[2] output_size, IntArrayRef[2] kernel_size, '
        'IntArrayRef[2] dilation, IntArrayRef[2] padding, IntArrayRef[2] stride, *, Tensor out=None)',
    ), ()),
    'im2col': ((
        'im2col(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] dilation, IntArrayRef[2] padding, '
        'IntArrayRef[2] stride, *, Tensor out=None)',
    ), ()),
    'glu': ((
        'glu(Tensor input, int64_t dim=-1, *, Tensor out=None)',
    ), ()),
    'grid_sampler': ((
        'grid_sampler(Tensor input, Tensor grid, int64_t interpolation_mode, int64_t padding_mode, '
        'bool align_corners)',
    ), ()),
    'group_norm': ((
        'group_norm(Tensor input, int64_t num_groups, Tensor? weight=None, Tensor? bias=None, '
        'double eps=1e-05, bool cudnn_enabled=True)',
    ), ()),
    'hardtanh': ((
        'hardtanh(Tensor input, Scalar min_val=-1, Scalar max_val=1, *, Tensor out=None)',
    ), ()),
    'hardtanh_': ((
        'hardtanh_(Tensor input, Scalar min_val=-1, Scalar max_val=1)',
    ), ()),
    'layer_norm': ((
        'layer_norm(Tensor input, SymIntArrayRef normalized_shape, Tensor? weight=None, Tensor? bias=None, '
        'double eps=1e-05, bool cudnn_enable=True)',
    ), ()),
    'linear': ((
        'linear(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor out=None)',
    ), ()),
    'max_pool1d': ((
        'max_pool1d(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, '
        'IntArrayRef[1] padding=0, IntArrayRef[1] dilation=1, bool ceil_mode=False)',
    ), ()),
    'max_pool2d': ((
        'max_pool2d(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, '
        'IntArrayRef[2] padding=0, IntArrayRef[2] dilation=1, bool ceil_mode=False)',
    ), ()),
    'max_pool3d': ((
        'max_pool3d(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, '
        'IntArrayRef[3] padding=0, IntArrayRef[3] dilation=1, bool ceil_mode=False)',
    ), ()),
    'max_pool1d_with_indices': ((
        'max_pool1d_with_indices(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, '
        'IntArrayRef[1] padding=0, IntArrayRef[1] dilation=1, bool ceil_mode=False)',
    ), ()),
    'max_pool2d_with_indices': ((
        'max_pool2d_with_indices(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, '
        'IntArrayRef[2] padding=0, IntArrayRef[2] dilation=1, bool ceil_mode=False, *, '
        'TensorList[2] out=None)',
    ), ()),
    'max_pool3d_with_indices': ((
        'max_pool3d_with_indices(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, '
        'IntArrayRef[3] padding=0, IntArrayRef[3] dilation=1, bool ceil_mode=False, *, '
        'TensorList[2] out=None)',
    ), ()),
    'max_unpool2d': ((
        'max_unpool2d(Tensor input, Tensor indices, SymIntArrayRef[2] output_size, *, Tensor out=None)',
    ), ()),
    'max_unpool3d': ((
        'max_unpool3d(Tensor input, Tensor indices, SymIntArrayRef[3] output_size, IntArrayRef[3] stride, '
        'IntArrayRef[3] padding, *, Tensor out=None)',
    ), ()),
    'nll_loss_nd': ((
        'nll_loss_nd(Tensor input, Tensor target, Tensor? weight=None, '
        'int64_t reduction=at::Reduction::Mean, SymInt ignore_index=-100)',
    ), ()),
    'pad': ((
        'pad(Tensor input, SymIntArrayRef pad, c10::string_view mode="constant", double? value=None)',
    ), ()),
    'pixel_shuffle': ((
        'pixel_shuffle(Tensor input, int64_t upscale_factor)',
    ), ()),
    'pixel_unshuffle': ((
        'pixel_unshuffle(Tensor input, int64_t downscale_factor)',
    ), ()),
    'scaled_dot_product_attention': ((
        'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, '
        'double dropout_p=0.0, bool is_causal=False, *, double? scale=None, bool enable_gqa=False)',
    ), ()),
    'softshrink': ((
        'softshrink(Tensor input, Scalar lambd=0.5, *, Tensor out=None)',
    ), ()),
    'binary_cross_entropy_with_logits': ((
        'binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight=None, '
        'Tensor? pos_weight=None, int64_t reduction=at::Reduction::Mean)',
    ), ()),
    'cosine_embedding_loss': ((
        'cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, double margin=0.0, '
        'int64_t reduction=at::Reduction::Mean)',
    ), ()),
    'hinge_embedding_loss': ((
        'hinge_embedding_loss(Tensor input, Tensor target, double margin=1.0, int64_t reduction=at::Reduction::Mean)',
    ), ()),
    'poisson_nll_loss': ((
        'poisson_nll_loss(Tensor input, Tensor target, bool log_input, bool full, double eps, int64_t reduction)',
    ), ()),
    'soft_margin_loss': ((
        'soft_margin_loss(Tensor input, Tensor target, int64_t reduction=at::Reduction::Mean, *, Tensor out=None)',
    ), ()),
    'triplet_margin_loss': ((
        'triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, double margin=1.0, '
        'double p=2, double eps=1e-06, bool swap=False, int64_t reduction=at::Reduction::Mean)',
    ), ()),
    'dropout': ((
        'dropout(Tensor input, double p, bool train)',
    ), ()),
    'dropout_': ((
        'dropout_(Tensor input, double p, bool train)',
    ), ()),
    'feature_dropout': ((
        'feature_dropout(Tensor input, double p, bool train)',
    ), ()),
    'feature_dropout_': ((
        'feature_dropout_(Tensor input, double p, bool train)',
    ), ()),
    'alpha_dropout': ((
        'alpha_dropout(Tensor input, double p, bool train)',
    ), ()),
    'alpha_dropout_': ((
        'alpha_dropout_(Tensor input, double p, bool train)',
    ), ()),
    'feature_alpha_dropout': ((
        'feature_alpha_dropout(Tensor input, double p, bool train)',
    ), ()),
    'feature_alpha_dropout_': ((
        'feature_alpha_dropout_(Tensor input, double p, bool train)',
    ), ()),
    'rms_norm': ((
        'rms_norm(Tensor input, SymIntArrayRef normalized_shape, Tensor? weight=None, double? eps=None)',
    ), ()),
    'cosine_similarity': ((
        'cosine_similarity(Tensor x1, Tensor x2, int64_t dim=1, double eps=1e-08)',
    ), ()),
    'pairwise_distance': ((
        'pairwise_distance(Tensor x1, Tensor x2, double p=2, double eps=1e-06, bool keepdim=False)',
    ), ()),
}
