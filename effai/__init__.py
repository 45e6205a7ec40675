"""EfficientNets, first-class on fastai: paper defaults, offline weights, fast by default

Modules:

- `effai.arch`: The practitioners' EfficientNet experiments as keyword arguments (activation, squeeze-and-excitation, shortcuts on every block, zero-init, channel rounding), with block statistics and compound scaling.
- `effai.bench_photos`: Fine-tuning real ImageNet Lite0 weights on real photos, effai's way and the way a fastai user writes it, over paired seeds.
- `effai.callback`: The speed and safety callbacks that `effnet_learner` installs: the precision policy per card, the channel check, a recorder and progress bar that never wait for the device, `CompileModel`, and the protocols between effai's callbacks.
- `effai.lab`: Practitioners' questions about EfficientNets (Swish or ReLU6? which squeeze-and-excitation? DropConnect or Dropout? ...) as keyword arguments, and their answers as cells anyone can re-run.
- `effai.stats`: Paired differences over seeds, their 95 % intervals, Holm's correction across one table's questions, and a verdict read from the interval."""

__version__ = "0.1.0"
