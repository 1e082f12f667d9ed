from dashboards.views.training import render

render()
