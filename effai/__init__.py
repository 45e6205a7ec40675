"""EfficientNets, first-class on fastai: paper defaults, offline weights, fast by default

Modules:

- `effai.callback`: The speed and safety callbacks that `effnet_learner` installs: the precision policy per card, the channel check, a recorder and progress bar that never wait for the device, `CompileModel`, and the protocols between effai's callbacks."""

__version__ = "0.1.0"
